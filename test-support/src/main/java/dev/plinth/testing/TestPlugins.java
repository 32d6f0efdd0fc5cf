package dev.plinth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where the build put the Rust sample plugins, the ABI fixtures and the Extism PDK plugins, and
 * helpers to copy them into a test's own plugins folder.
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

    /**
     * {@code sample-plugins/target/components}: plugins that are WebAssembly components of
     * {@code wit/plinth.wit} (text-component in Rust, js-component in JavaScript).
     */
    public static Path components() {
        return located("plinth.components", "components");
    }

    public static Path component(String name) {
        return components().resolve(name);
    }

    /**
     * {@code pdk-plugins/target/plugins}: plugins built with Extism's PDKs or the bare Extism ABI
     * (as-pdk, c-freestanding, c-wasi-reactor, go-command, go-reactor), by
     * {@code scripts/build-pdk-plugins.sh}.
     */
    public static Path pdkPlugins() {
        return located("plinth.pdkPlugins", Path.of("..", "pdk-plugins", "target", "plugins"),
                "build the PDK plugins first (bash scripts/build-pdk-plugins.sh, or ./mvnw verify from the"
                        + " repository root)");
    }

    public static Path pdkPlugin(String name) {
        return pdkPlugins().resolve(name);
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
        return copyTree(plugin, pluginsDir.resolve(as));
    }

    /**
     * Copies the folder {@code from} to {@code to}, creating folders and replacing files that are
     * there already; returns {@code to}. The one copy of a plugin folder every module's tests use.
     */
    public static Path copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException("copying " + from + " to " + to, e);
        }
    }

    /** Deletes {@code root} and everything under it; nothing happens when it does not exist. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + root, e);
        }
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
        return located(property, Path.of("..", "sample-plugins", "target", folder),
                "build the sample plugins first (bash scripts/build-plugins.sh, or ./mvnw verify from the"
                        + " repository root)");
    }

    private static Path located(String property, Path fallback, String remedy) {
        String configured = System.getProperty(property);
        Path path = configured != null ? Path.of(configured) : fallback;
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException(path.toAbsolutePath() + " does not exist: " + remedy);
        }
        return path;
    }
}
