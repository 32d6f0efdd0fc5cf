package dev.plinth.host.internal.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * The HMAC secret of a compile cache: read from its key file, or made (32 random bytes, written as
 * hex, 0600) when there is none. On a POSIX file system the file (or the file a link leads to, as a
 * mounted secret often is) must be a regular file of the host's user that no one else may read or
 * write, else it is refused: a secret others can read lets them seal classes the host will define.
 */
final class CacheSecret {
    /** The least secret taken: 256 bits. */
    static final int MIN_BYTES = 32;
    /** More than any secret needs; a larger file is not a key file. */
    private static final int MAX_BYTES = 4096;
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private CacheSecret() {
    }

    /**
     * The secret in {@code keyFile}, made first if the file does not exist.
     *
     * @param user the host's user (the owner of a file it just made), or null off POSIX
     * @throws UnusableCacheException when the file cannot be used as a secret
     */
    static byte[] loadOrCreate(Path keyFile, UserPrincipal user) throws IOException {
        if (!Files.exists(keyFile, LinkOption.NOFOLLOW_LINKS)) {
            create(keyFile);
        }
        // a link is followed (a mounted secret is often one): the file it leads to is what is checked
        PosixFileAttributeView posix = Files.getFileAttributeView(keyFile, PosixFileAttributeView.class);
        if (posix != null) {
            PosixFileAttributes attributes = posix.readAttributes();
            if (!attributes.isRegularFile()) {
                throw new UnusableCacheException("the key file " + keyFile + " is not a regular file");
            }
            if (user != null && !attributes.owner().equals(user)) {
                throw new UnusableCacheException("the key file " + keyFile + " belongs to " + attributes.owner()
                        + ", not to " + user + " who runs the host");
            }
            Set<PosixFilePermission> open = EnumSet.copyOf(attributes.permissions());
            open.retainAll(OTHERS);
            if (!open.isEmpty()) {
                throw new UnusableCacheException("the key file " + keyFile + " may be read or written by others ("
                        + PosixFilePermissions.toString(attributes.permissions()) + "); make it 0600");
            }
        } else if (!Files.isRegularFile(keyFile)) {
            throw new UnusableCacheException("the key file " + keyFile + " is not a regular file");
        }
        long size = Files.size(keyFile);
        if (size < MIN_BYTES || size > MAX_BYTES) {
            throw new UnusableCacheException("the key file " + keyFile + " holds " + size + " bytes; a secret of "
                    + MIN_BYTES + " to " + MAX_BYTES + " bytes is needed");
        }
        return Files.readAllBytes(keyFile);
    }

    /**
     * Writes a new secret to a temporary file and links it into place, so that hosts starting at
     * once agree on one secret: the link fails for all but the first, which read the winner's.
     */
    private static void create(Path keyFile) throws IOException {
        Path parent = keyFile.getParent();
        Files.createDirectories(parent);
        byte[] secret = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(secret);
        Path temporary = Files.createTempFile(parent, ".plinth-key-", ".tmp");
        try {
            Files.write(temporary, HexFormat.of().formatHex(secret).getBytes(StandardCharsets.US_ASCII));
            try {
                Files.createLink(keyFile, temporary);
            } catch (FileAlreadyExistsException e) {
                // another host made it first: its secret is the one
            } catch (UnsupportedOperationException | IOException noHardLinks) {
                if (!Files.exists(keyFile, LinkOption.NOFOLLOW_LINKS)) {
                    Files.move(temporary, keyFile);
                }
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
