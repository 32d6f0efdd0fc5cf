package dev.plinth.reload.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The SHA-256 of everything that makes a version ({@link SourceFiles}): each file's name, length
 * and bytes, in name order. Two sources with the same digest would load as the same version, so a
 * change that leaves the digest as it was (a touch, a copy of the same bytes) reloads nothing.
 */
public final class SourceDigest {
    private SourceDigest() {
    }

    /** Hex SHA-256 of the source's files; the digest of nothing when the source is gone. */
    public static String of(Path source) throws IOException {
        MessageDigest digest = newDigest();
        List<Path> files = SourceFiles.of(source);
        byte[] buffer = new byte[64 * 1024];
        for (Path file : files) {
            digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            long length = 0;
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    length += read;
                }
            }
            digest.update(Long.toString(length).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Hex SHA-256 of one file's bytes, or empty when it cannot be read. */
    public static String ofFile(Path file) {
        try {
            return HexFormat.of().formatHex(newDigest().digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            return "";
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
