package dev.plinth.reload.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a plugin source that make up a version: a bare {@code .wasm} itself, or in a plugin
 * folder its {@code plugin.toml} and its {@code .wasm} files. Other files (READMEs, hidden
 * temporary files of copy tools and editors) neither trigger a reload nor change the checksum.
 * Entries that are not regular files (a FIFO, a link to a device or to nothing) are listed too, by
 * name, so that a change to them is seen and loading reports what they are; listing never opens
 * a file.
 */
public final class SourceFiles {
    /** The manifest's file name inside a plugin folder. */
    public static final String MANIFEST = "plugin.toml";

    private SourceFiles() {
    }

    /** The version's files, sorted by name; empty when the source is gone. */
    public static List<Path> of(Path source) {
        if (!Files.isDirectory(source)) {
            return Files.exists(source, LinkOption.NOFOLLOW_LINKS) ? List.of(source) : List.of();
        }
        try (Stream<Path> files = Files.list(source)) {
            return files.filter(SourceFiles::belongsToVersion).sorted().toList();
        } catch (IOException e) {
            if (!Files.exists(source)) {
                return List.of();
            }
            throw new UncheckedIOException("cannot list plugin folder " + source, e);
        }
    }

    private static boolean belongsToVersion(Path file) {
        String name = file.getFileName().toString();
        return !name.startsWith(".") && (name.equals(MANIFEST) || name.endsWith(".wasm")) && !Files.isDirectory(file);
    }
}
