package dev.plinth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where the build put the Rust sample plugins and ABI fixtures, and helpers to copy them into a
 * test's own plugins folder.
 */
public final class TestPlugins {
    private TestPlugins() {
    }

    /** {@code sample-plugins/target/plugins}: text-transformer, data-validator, log-enricher. */
    public static Path samples() {
        return located("plinth.samplePlugins", "plugins");
    }

    /** {@code sample-plugins/target/fixtures}: abi-fixtures, wasi-fixture. */
    public static Path fixtures() {
        return located("plinth.fixtures", "fixtures");
    }

    /** {@code sample-plugins/target/hostile}: plugins that attack the sandbox. */
    public static Path hostiles() {
        return located("plinth.hostilePlugins", "hostile");
    }

    public static Path hostile(String name) {
        return hostiles().resolve(name);
    }

    public static Path sample(String name) {
        return samples().resolve(name);
    }

    public static Path fixture(String name) {
        return fixtures().resolve(name);
    }

    /** Copies a plugin directory into {@code pluginsDir} under {@code as}, returning the copy. */
    public static Path copy(Path plugin, Path pluginsDir, String as) {
        Path target = pluginsDir.resolve(as);
        try (Stream<Path> files = Files.walk(plugin)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path to = target.resolve(plugin.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /**
     * The text of a hostile WebAssembly module kept as source in the repository,
     * {@code sample-plugins/hostile/<path>} (for example {@code init/start-loop.wat}), to assemble
     * with {@link Wat}.
     */
    public static String hostileWat(String path) {
        String configured = System.getProperty("plinth.hostileSources");
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "sample-plugins", "hostile");
        try {
            return Files.readString(dir.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException("no hostile module " + path + " under " + dir.toAbsolutePath(), e);
        }
    }

    /** The wasm file inside a built plugin directory. */
    public static Path wasmOf(Path pluginDir) {
        try (Stream<Path> files = Files.list(pluginDir)) {
            return files.filter(f -> f.toString().endsWith(".wasm")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no .wasm in " + pluginDir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path located(String property, String folder) {
        String configured = System.getProperty(property);
        Path path = configured != null ? Path.of(configured) : Path.of("..", "sample-plugins", "target", folder);
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException(path.toAbsolutePath() + " does not exist: build the sample plugins first"
                    + " (bash scripts/build-plugins.sh, or ./mvnw verify from the repository root)");
        }
        return path;
    }
}
