package dev.plinth.cli;

import dev.plinth.testing.TestPlugins;
import dev.plinth.testing.Wat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the tests' wasm comes from: plugin-cli's own small modules, assembled here from the WAT
 * in the test resources with {@code wat2wasm} (Debian's wabt, which the test command installs), and
 * the Rust sample plugins and ABI fixtures that the sample-plugins module builds (passed in by
 * surefire as {@code plinth.samplePlugins} and {@code plinth.fixtures}).
 */
final class Fixtures {
    private static final Map<String, Path> ASSEMBLED = new ConcurrentHashMap<>();

    private Fixtures() {
    }

    /** One of plugin-cli's own modules, e.g. {@code cli-fixture.wasm}, assembled from its .wat. */
    static Path wasm(String file) {
        return ASSEMBLED.computeIfAbsent(file, Fixtures::assemble);
    }

    private static Path assemble(String file) {
        return assembled(file, watText(file));
    }

    /** The WAT source of one of plugin-cli's own modules, e.g. {@code host-caller.wasm}'s. */
    static String watText(String file) {
        String wat = "/wasm/" + file.replaceFirst("\\.wasm$", ".wat");
        try (InputStream source = Fixtures.class.getResourceAsStream(wat)) {
            if (source == null) {
                throw new IllegalStateException("test resource " + wat + " is missing");
            }
            return new String(source.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + wat, e);
        }
    }

    /** {@code wat} assembled into a new temporary {@code file}. */
    static Path assembled(String file, String wat) {
        try {
            Path dir = Files.createTempDirectory("plinth-cli-wat");
            return Files.write(dir.resolve(file), Wat.assemble(wat));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot assemble " + file, e);
        }
    }

    /** A sample plugin's directory, e.g. {@code text-transformer}. */
    static Path samplePlugin(String name) {
        return TestPlugins.sample(name);
    }

    /** The ABI fixtures' plugin directory. */
    static Path abiFixtures() {
        return TestPlugins.fixture("abi-fixtures");
    }

    /** Copies {@code wasm} into a new plugin directory under {@code parent} with {@code manifest}. */
    static Path pluginDir(Path parent, String name, String manifest, Path wasm) {
        try {
            Path dir = Files.createDirectories(parent.resolve(name));
            Files.writeString(dir.resolve("plugin.toml"), manifest);
            Files.copy(wasm, dir.resolve(wasm.getFileName()));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
