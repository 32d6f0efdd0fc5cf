package dev.plinth.reload.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a plugin source that make up a version: a bare {@code .wasm} itself, or in a plugin
 * folder its {@code plugin.toml} and its {@code .wasm} files, those in its sub-folders too (up to
 * {@value #MAX_DEPTH} levels down), since a plugin's entrypoint and its other modules
 * ({@code [modules]}) may lie there. Other files (READMEs, hidden files and folders, such as the
 * temporary files of copy tools and editors) neither trigger a reload nor change the checksum.
 * Entries that are not regular files (a FIFO, a link to a device or to nothing) are listed too, by
 * name, so that a change to them is seen and loading reports what they are; listing never opens
 * a file, and links to folders are not followed.
 */
public final class SourceFiles {
    /** The manifest's file name inside a plugin folder. */
    public static final String MANIFEST = "plugin.toml";
    /** How many levels of sub-folders of a plugin folder are looked into. */
    public static final int MAX_DEPTH = 4;

    private SourceFiles() {
    }

    /** The version's files, sorted by their path in the source ({@link #name}); empty when the source is gone. */
    public static List<Path> of(Path source) {
        if (!Files.isDirectory(source)) {
            return Files.exists(source, LinkOption.NOFOLLOW_LINKS) ? List.of(source) : List.of();
        }
        List<Path> files = new ArrayList<>();
        try {
            collect(source, source, 0, files);
        } catch (IOException e) {
            if (!Files.exists(source)) {
                return List.of();
            }
            throw new UncheckedIOException("cannot list plugin folder " + source, e);
        }
        files.sort(Comparator.comparing(file -> name(source, file)));
        return files;
    }

    /**
     * What a file of a source is called in checksums and fingerprints: its path in the plugin
     * folder, with '/' ({@code lib/helpers.wasm}); a bare {@code .wasm}'s file name.
     */
    public static String name(Path source, Path file) {
        if (file.equals(source)) {
            return file.getFileName().toString();
        }
        return source.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static void collect(Path source, Path folder, int depth, List<Path> files) throws IOException {
        List<Path> subfolders = new ArrayList<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    subfolders.add(entry);
                } else if (!Files.isDirectory(entry)
                        && (name.endsWith(".wasm") || depth == 0 && name.equals(MANIFEST))) {
                    files.add(entry);
                }
            }
        }
        if (depth < MAX_DEPTH) {
            for (Path subfolder : subfolders) {
                try {
                    collect(source, subfolder, depth + 1, files);
                } catch (IOException e) {
                    // a sub-folder removed (or closed to us) while we looked: the next look sees the change
                }
            }
        }
    }
}
