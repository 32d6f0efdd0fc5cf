package dev.plinth.host.internal.registry;

import dev.plinth.security.signature.SignatureFile;
import dev.plinth.security.signature.SignatureVerifier;
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
 * The files of a plugin source that make up a version: a bare {@code .wasm} and its signature
 * ({@code <file>.wasm.sig} beside it, see {@link SignatureVerifier#signatureFileOf}), or in a
 * plugin folder its {@code plugin.toml}, its {@code .wasm} files and their {@code .wasm.sig}
 * files, those in its sub-folders too (up to {@value #MAX_DEPTH} levels down), since a plugin's
 * entrypoint and its other modules ({@code [modules]}) may lie there. Other files (READMEs, hidden
 * files and folders, such as the temporary files of copy tools and editors) neither trigger a
 * reload nor change the digest. Entries that are not regular files (a FIFO, a link to a device or
 * to nothing) are listed too, by name, so that a change to them is seen and loading reports what
 * they are; listing never opens a file, and links to folders are not followed.
 */
public final class SourceFiles {
    /** How many levels of sub-folders of a plugin folder are looked into. */
    public static final int MAX_DEPTH = 4;
    private static final String SIGNATURE_SUFFIX = ".wasm" + SignatureFile.SUFFIX;

    private SourceFiles() {
    }

    /** The version's files, sorted by their path in the source ({@link #name}); empty when the source is gone. */
    public static List<Path> of(Path source) {
        if (!Files.isDirectory(source)) {
            if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                return List.of();
            }
            Path signature = SignatureVerifier.signatureFileOf(source);
            return Files.exists(signature, LinkOption.NOFOLLOW_LINKS) ? List.of(source, signature) : List.of(source);
        }
        List<Path> files = new ArrayList<>();
        try {
            collect(source, 0, files);
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
     * What a file of a source is called in digests: its path in the plugin folder, with '/'
     * ({@code lib/helpers.wasm}); for a bare {@code .wasm}, its file name and its signature's.
     */
    public static String name(Path source, Path file) {
        if (file.equals(source) || !file.startsWith(source)) {
            return file.getFileName().toString();
        }
        return source.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /** Whether a file of a source is its manifest (not a bare module that happens to be called so). */
    static boolean isManifest(Path source, Path file) {
        return !file.equals(source) && name(source, file).equals(PluginLoader.MANIFEST);
    }

    /** Whether a file of a source is a module's signature. */
    static boolean isSignature(Path source, Path file) {
        return !file.equals(source) && file.getFileName().toString().endsWith(SIGNATURE_SUFFIX);
    }

    private static void collect(Path folder, int depth, List<Path> files) throws IOException {
        List<Path> subfolders = new ArrayList<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    subfolders.add(entry);
                } else if (!Files.isDirectory(entry) && (name.endsWith(".wasm") || name.endsWith(SIGNATURE_SUFFIX)
                        || depth == 0 && name.equals(PluginLoader.MANIFEST))) {
                    files.add(entry);
                }
            }
        }
        if (depth < MAX_DEPTH) {
            for (Path subfolder : subfolders) {
                try {
                    collect(subfolder, depth + 1, files);
                } catch (IOException e) {
                    // a sub-folder removed (or closed to us) while we looked: the next look sees the change
                }
            }
        }
    }
}
