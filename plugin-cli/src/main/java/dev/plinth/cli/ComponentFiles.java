package dev.plinth.cli;

import dev.plinth.component.ComponentHeader;
import dev.plinth.host.ModuleInspector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells whether a {@code <plugin>} argument is a WebAssembly component file (by its 8-byte header),
 * whose WIT {@code call} and {@code inspect} read by the component module.
 */
final class ComponentFiles {
    /** The largest component file the commands read. */
    static final long MAX_BYTES = 64L << 20;

    private ComponentFiles() {
    }

    /** True for a regular file whose header says component; false for directories, core modules and the rest. */
    static boolean isComponent(Path path) {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        byte[] header = new byte[8];
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(header, 0, 8) == 8 && ComponentHeader.isComponent(header);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * True for a component file, or a plugin directory whose manifest's entrypoint is one; false for the rest,
     * a directory whose manifest is broken among them (loading it reports why).
     */
    static boolean isComponentPlugin(Path path) {
        if (!Files.isDirectory(path)) {
            return isComponent(path);
        }
        try {
            return ModuleInspector.isComponent(path);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The file's bytes, at most {@link #MAX_BYTES}. */
    static byte[] read(Path path) throws IOException {
        long size = Files.size(path);
        if (size > MAX_BYTES) {
            throw new IOException(path + " is " + size + " bytes, more than the " + MAX_BYTES + " a component may be");
        }
        return Files.readAllBytes(path);
    }
}
