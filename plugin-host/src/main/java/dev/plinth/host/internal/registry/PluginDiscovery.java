package dev.plinth.host.internal.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds plugin sources in a folder: sub-folders holding a {@code plugin.toml} (or a module
 * without one, to be reported as failed), and bare
 * {@code .wasm} files. Hidden entries (a leading '.') are skipped, so editors' and copy tools'
 * temporary files are never picked up. Sorted by file name, so loading order is stable.
 *
 * <p>Discovery only lists names and asks what entries are; it never opens a file. A {@code .wasm}
 * or {@code plugin.toml} that is not a regular file (a FIFO, a link to a device) is listed, so that
 * loading it reports what it is, instead of being silently ignored.
 */
public final class PluginDiscovery {
    private PluginDiscovery() {
    }

    public static List<Path> sources(Path pluginsDir) {
        try (Stream<Path> entries = Files.list(pluginsDir)) {
            return entries.filter(PluginDiscovery::isPluginSource).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list plugins folder " + pluginsDir, e);
        }
    }

    /** A folder with a module but no manifest is listed too, so that it is reported, not ignored. */
    private static boolean holdsWasm(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".wasm"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether a folder entry is something the registry should load. */
    public static boolean isPluginSource(Path entry) {
        String name = entry.getFileName().toString();
        if (name.startsWith(".")) {
            return false;
        }
        if (Files.isDirectory(entry)) {
            return Files.exists(entry.resolve(PluginLoader.MANIFEST), LinkOption.NOFOLLOW_LINKS) || holdsWasm(entry);
        }
        return name.endsWith(".wasm") && Files.exists(entry, LinkOption.NOFOLLOW_LINKS);
    }
}
