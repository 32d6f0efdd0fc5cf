package dev.plinth.reload.testing;

import dev.plinth.testing.TestPlugins;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The built sample plugins and fixtures, and the file operations tests use to deploy them the way
 * an operator would: copy a folder, edit its manifest, write a module slowly, replace it atomically.
 */
public final class PluginFiles {
    private PluginFiles() {
    }

    /** {@code sample-plugins/target/plugins/<name>}. */
    public static Path sample(String name) {
        return TestPlugins.sample(name);
    }

    /** {@code sample-plugins/target/fixtures/<name>}. */
    public static Path fixture(String name) {
        return TestPlugins.fixture(name);
    }

    /** Copies a plugin folder to {@code target} (which must not exist yet). */
    public static Path copy(Path plugin, Path target) {
        return TestPlugins.copy(plugin, target.getParent(), target.getFileName().toString());
    }

    /** Replaces the first match of {@code regex} in the folder's {@code plugin.toml}; fails when there is none. */
    public static void editManifest(Path pluginDir, String regex, String replacement) {
        Path manifest = pluginDir.resolve("plugin.toml");
        try {
            Files.writeString(manifest, replaceOnce(Files.readString(manifest), regex, replacement));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A new text-transformer version in one write of its manifest: version, mode and an optional
     * prefix, so that outputs tell versions apart.
     */
    public static void textTransformerVersion(Path pluginDir, String version, String mode, String prefix) {
        Path manifest = pluginDir.resolve("plugin.toml");
        try {
            String text = Files.readString(manifest).replaceAll("\nprefix = \"[^\"]*\"", "");
            text = replaceOnce(text, "version = \"[^\"]*\"", "version = \"" + version + "\"");
            text = replaceOnce(text, "mode = \"[^\"]*\"", "mode = \"" + mode + "\""
                    + (prefix == null ? "" : "\nprefix = \"" + prefix + "\""));
            Files.writeString(manifest, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String replaceOnce(String text, String regex, String replacement) {
        String changed = text.replaceFirst(regex, replacement);
        if (changed.equals(text)) {
            throw new IllegalStateException("test setup: the manifest has no match for " + regex);
        }
        return changed;
    }

    /** Writes {@code bytes} to {@code target} in {@code chunks} pieces with a pause after each but the last. */
    public static void writeSlowly(Path target, byte[] bytes, int chunks, Duration pause) {
        int size = (bytes.length + chunks - 1) / chunks;
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (int offset = 0; offset < bytes.length; offset += size) {
                out.write(bytes, offset, Math.min(size, bytes.length - offset));
                out.flush();
                if (offset + size < bytes.length) {
                    Await.pause(pause.toMillis());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code bytes} to a hidden file next to {@code target}, then moves it over {@code target} atomically. */
    public static void replaceAtomically(Path target, byte[] bytes) {
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.write(temporary, bytes);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The wasm file inside a plugin folder. */
    public static Path wasmOf(Path pluginDir) {
        return TestPlugins.wasmOf(pluginDir);
    }

    /**
     * The module with a custom section appended: a different checksum that runs the same, for a
     * "new build" of a plugin.
     */
    public static byte[] withCustomSection(byte[] wasm, String name, byte[] payload) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] nameLength = leb128(nameBytes.length);
        int contentLength = nameLength.length + nameBytes.length + payload.length;
        byte[] sectionLength = leb128(contentLength);
        byte[] out = new byte[wasm.length + 1 + sectionLength.length + contentLength];
        int at = 0;
        System.arraycopy(wasm, 0, out, at, wasm.length);
        at += wasm.length;
        out[at++] = 0;
        System.arraycopy(sectionLength, 0, out, at, sectionLength.length);
        at += sectionLength.length;
        System.arraycopy(nameLength, 0, out, at, nameLength.length);
        at += nameLength.length;
        System.arraycopy(nameBytes, 0, out, at, nameBytes.length);
        at += nameBytes.length;
        System.arraycopy(payload, 0, out, at, payload.length);
        return out;
    }

    private static byte[] leb128(int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rest = value;
        do {
            int b = rest & 0x7F;
            rest >>>= 7;
            out.write(rest == 0 ? b : b | 0x80);
        } while (rest != 0);
        return out.toByteArray();
    }
}
