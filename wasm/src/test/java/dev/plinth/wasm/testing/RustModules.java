package dev.plinth.wasm.testing;

import dev.plinth.testing.TestPlugins;
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
        return TestPlugins.samples().resolve(name).resolve(name.replace('-', '_') + ".wasm");
    }

    public static Path fixture(String name) {
        return TestPlugins.fixtures().resolve(name).resolve(name.replace('-', '_') + ".wasm");
    }

    /** Every .wasm file under target/plugins and target/fixtures. */
    public static List<Path> all() {
        try (Stream<Path> plugins = Files.walk(TestPlugins.samples());
             Stream<Path> fixtures = Files.walk(TestPlugins.fixtures())) {
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
}
