package dev.plinth.host.internal.cache;

import dev.plinth.api.file.PluginFileReader;
import dev.plinth.api.file.PluginFolder;
import dev.plinth.api.file.SizeCap;
import dev.plinth.host.CompileCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compile cache's directory: sealed entries ({@link SealedEntry}) of compiled classes, one file
 * each, named by the SHA-256 of their key. Reading never fails a load: a missing, corrupt, foreign
 * or forged entry is a miss (a forged one is also reported to the {@link Refusals}), and the
 * compile that follows replaces it. Writes go to a temporary file moved into place atomically, so
 * hosts sharing the directory see an entry whole or not at all; after a write the least recently
 * used entries beyond the size bound are deleted. Entries are read like plugin files
 * ({@link PluginFileReader}): regular files inside the directory only, within the size bound, on a
 * reader thread with a timeout, so a FIFO or link planted in the directory cannot hang or widen a read.
 */
public final class CompiledClassStore {
    private static final Logger LOG = LoggerFactory.getLogger(CompiledClassStore.class);
    private static final String SUFFIX = ".entry";
    private static final String TEMPORARY = ".tmp";
    /** A temporary file older than this was left by a host that stopped while writing it. */
    private static final Duration ABANDONED = Duration.ofMinutes(10);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    private static final EnumSet<PosixFilePermission> OTHERS_WRITE = EnumSet.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);

    /** Hears of entries refused as tampered with, for the audit log. */
    @FunctionalInterface
    public interface Refusals {
        /**
         * @param module the module whose load found it
         * @param entry the entry's file
         * @param reason what was wrong with it
         */
        void forged(String module, Path entry, String reason);
    }

    private final Path directory;
    private final long maxBytes;
    private final SealedEntry seal;
    private final Refusals refusals;

    private CompiledClassStore(Path directory, long maxBytes, SealedEntry seal, Refusals refusals) {
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.seal = seal;
        this.refusals = refusals;
    }

    /**
     * The store of {@code settings}, or empty (with a warning in the log) when its directory or key
     * file cannot be used: missing and not creatable, not writable, open to other users.
     */
    public static Optional<CompiledClassStore> open(CompileCache settings, Refusals refusals) {
        try {
            Path directory = settings.directory();
            UserPrincipal user = prepare(directory);
            byte[] secret = CacheSecret.loadOrCreate(settings.keyFile(), user);
            return Optional.of(new CompiledClassStore(directory, settings.maxBytes(), new SealedEntry(secret),
                    refusals));
        } catch (IOException | RuntimeException e) {
            LOG.warn("plinth: the compile cache in {} is off, modules are compiled at every start: {}",
                    settings.directory(), e.getMessage() == null ? e.toString() : e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Makes the directory (0700) if it is missing, checks that others may not write it, and that the
     * host may: a file is made and deleted there. Returns the host's user (that file's owner), or
     * null off POSIX.
     */
    private static UserPrincipal prepare(Path directory) throws IOException {
        boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(directory)) {
            if (posix) {
                Files.createDirectories(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(directory);
            }
        }
        Path probe = Files.createTempFile(directory, ".probe-", TEMPORARY);
        UserPrincipal user;
        try {
            user = posix ? Files.getOwner(probe) : null;
        } finally {
            Files.deleteIfExists(probe);
        }
        PosixFileAttributeView view = Files.getFileAttributeView(directory, PosixFileAttributeView.class);
        if (view != null) {
            PosixFileAttributes attributes = view.readAttributes();
            EnumSet<PosixFilePermission> open = EnumSet.copyOf(attributes.permissions());
            open.retainAll(OTHERS_WRITE);
            if (!open.isEmpty()) {
                throw new UnusableCacheException("others may write to it ("
                        + PosixFilePermissions.toString(attributes.permissions()) + "); make it 0700");
            }
            if (user != null && !attributes.owner().equals(user)) {
                throw new UnusableCacheException("it belongs to " + attributes.owner() + ", not to " + user
                        + " who runs the host");
            }
        }
        return user;
    }

    /** The directory of the entries. */
    public Path directory() {
        return directory;
    }

    /**
     * The payload stored under {@code key}, if there is an authentic one; every other case is a
     * miss, logged, and a forged entry is reported and deleted.
     *
     * @param module names the module in the log
     */
    public Optional<byte[]> read(String key, String module) {
        Path entry = entryOf(key);
        byte[] file;
        try {
            file = PluginFileReader.read(entry, new SizeCap(Math.min(maxBytes, SizeCap.MAX_BYTES),
                    "the compile cache's size bound"), new PluginFolder(directory, false), READ_TIMEOUT);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warn("plinth: compile cache entry {} of {} cannot be read ({}); compiling the module", entry, module,
                    e.getMessage());
            return Optional.empty();
        }
        SealedEntry.Opened opened = seal.open(key, file);
        switch (opened.verdict()) {
            case AUTHENTIC -> {
                LOG.debug("plinth: {} is loaded from the compile cache entry {} ({})", module, entry,
                        key.lines().findFirst().orElse(""));
                touch(entry);
                return Optional.of(opened.payload());
            }
            case FORGED -> {
                LOG.warn("plinth: compile cache entry {} of {} is refused: {}; compiling the module", entry, module,
                        opened.reason());
                refusals.forged(module, entry, opened.reason());
            }
            default -> LOG.info("plinth: compile cache entry {} of {} is not used: {}; compiling the module", entry,
                    module, opened.reason());
        }
        delete(entry);
        return Optional.empty();
    }

    /**
     * Stores {@code payload} under {@code key}, replacing what is there, then keeps the directory
     * within its bound. Failing to write is logged, not thrown: the module is compiled already.
     */
    public void write(String key, byte[] payload) {
        byte[] sealed = seal.seal(key, payload);
        if (sealed.length > maxBytes) {
            LOG.info("plinth: a compiled module of {} bytes is larger than the compile cache's bound of {} bytes;"
                    + " it is not stored", sealed.length, maxBytes);
            return;
        }
        Path entry = entryOf(key);
        Path temporary = null;
        try {
            temporary = Files.createTempFile(directory, "." + entry.getFileName(), TEMPORARY);
            Files.write(temporary, sealed);
            Files.move(temporary, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temporary = null;
        } catch (AtomicMoveNotSupportedException e) {
            LOG.warn("plinth: the compile cache in {} cannot replace files atomically; nothing is stored", directory);
        } catch (IOException | RuntimeException e) {
            LOG.warn("plinth: compile cache entry {} cannot be written: {}", entry, e.toString());
        } finally {
            if (temporary != null) {
                delete(temporary);
            }
        }
        evict();
    }

    /** Deletes the entry of {@code key}, e.g. when its classes could not be loaded. */
    public void discard(String key) {
        delete(entryOf(key));
    }

    /** The entry file of {@code key}: the hex SHA-256 of the key, so any key makes a safe file name. */
    Path entryOf(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return directory.resolve(HexFormat.of().formatHex(digest) + SUFFIX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Deletes the least recently used entries (by modification time: a hit touches its entry) until
     * the rest fit the bound, and temporary files abandoned by hosts that stopped mid-write.
     */
    void evict() {
        record Found(Path file, long size, FileTime used) {
        }
        List<Found> entries = new ArrayList<>();
        long total = 0;
        Instant abandoned = Instant.now().minus(ABANDONED);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException gone) {
                    continue;
                }
                String name = file.getFileName().toString();
                if (name.endsWith(SUFFIX) && attributes.isRegularFile()) {
                    entries.add(new Found(file, attributes.size(), attributes.lastModifiedTime()));
                    total += attributes.size();
                } else if (name.endsWith(TEMPORARY) && attributes.lastModifiedTime().toInstant().isBefore(abandoned)) {
                    delete(file);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("plinth: the compile cache in {} cannot be listed to keep it within its bound: {}", directory,
                    e.toString());
            return;
        }
        entries.sort(Comparator.comparing(Found::used));
        for (int i = 0; i < entries.size() && total > maxBytes; i++) {
            delete(entries.get(i).file());
            total -= entries.get(i).size();
        }
    }

    private static void touch(Path entry) {
        try {
            Files.setLastModifiedTime(entry, FileTime.from(Instant.now()));
        } catch (IOException | RuntimeException e) {
            // the entry still works; it only looks older to eviction
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException e) {
            LOG.debug("plinth: {} could not be deleted: {}", file, e.toString());
        }
    }
}
