package dev.plinth.wasm.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The Rust modules that sample-plugins builds (see that module's pom). */
public final class RustModules {
    private RustModules() {
    }

    public static Path plugin(String name) {
        return root("plinth.samplePlugins").resolve(name).resolve(name.replace('-', '_') + ".wasm");
    }

    public static Path fixture(String name) {
        return root("plinth.fixtures").resolve(name).resolve(name.replace('-', '_') + ".wasm");
    }

    /** Every .wasm file under target/plugins and target/fixtures. */
    public static List<Path> all() {
        try (Stream<Path> plugins = Files.walk(root("plinth.samplePlugins"));
             Stream<Path> fixtures = Files.walk(root("plinth.fixtures"))) {
            List<Path> modules = Stream.concat(plugins, fixtures)
                    .filter(p -> p.toString().endsWith(".wasm"))
                    .sorted()
                    .toList();
            if (modules.size() < 5) {
                throw new IllegalStateException("expected the sample plugins and fixtures, found " + modules);
            }
            return modules;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] read(Path module) {
        try {
            return Files.readAllBytes(module);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path root(String property) {
        String dir = System.getProperty(property);
        if (dir == null || !Files.isDirectory(Path.of(dir))) {
            throw new IllegalStateException("system property " + property + " must name the directory that"
                    + " sample-plugins builds (surefire sets it; run the build through Maven), got " + dir);
        }
        return Path.of(dir);
    }
}
