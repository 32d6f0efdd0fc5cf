package dev.plinth.reload.internal;

import dev.plinth.api.file.PluginFileReader;
import dev.plinth.api.file.PluginFolder;
import dev.plinth.api.file.SizeCap;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of one module file, read as the loader reads it: the {@code sha256} a version that
 * failed to load is listed with, so that operators can tell which build it was.
 */
public final class FileSha256 {
    private FileSha256() {
    }

    /** Hex SHA-256 of the file's bytes; empty when it is refused or cannot be read. */
    public static String of(Path file, SizeCap cap, PluginFolder folder) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try {
            PluginFileReader.stream(file, cap, folder, (bytes, count) -> digest.update(bytes, 0, count));
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            return "";
        }
    }
}
