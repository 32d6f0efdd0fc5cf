package dev.plinth.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The plugins folder of the demo context that the integration tests share (one folder per JVM,
 * so that every test class gets the same cached Spring context): the four samples, the ABI
 * fixtures (with a 500 ms deadline), a hold plugin with a single instance, and a health probe.
 */
final class SharedPlugins {
    static final String HOLD = "hold";
    static final String HEALTH_PROBE = "health-probe";

    private static Path dir;

    private SharedPlugins() {
    }

    /** The data-dir root beside the plugins folder: the guestbook's data directory and the store's file. */
    static synchronized Path dataDir() {
        return dir().resolveSibling("data");
    }

    static synchronized Path dir() {
        if (dir == null) {
            dir = create();
        }
        return dir;
    }

    private static Path create() {
        try {
            Path root = Files.createTempDirectory("plinth-demo-plugins");
            Path plugins = Files.createDirectories(root.resolve("plugins"));
            TestPlugins.copySample("text-transformer", plugins);
            TestPlugins.copySample("data-validator", plugins);
            TestPlugins.copySample("log-enricher", plugins);
            TestPlugins.copySample("guestbook", plugins);
            Path fixtures = TestPlugins.copyFixture("abi-fixtures", plugins, "abi-fixtures");
            Path manifest = fixtures.resolve("plugin.toml");
            Files.writeString(manifest, Files.readString(manifest)
                    .replace("host-functions = [\"echo-host\"]", "host-functions = [\"echo-host\"]\ncpu-time = \"500ms\""));
            TestPlugins.watPlugin(plugins, HOLD, TestPlugins.HOLD_WAT, TestPlugins.HOLD_PERMISSIONS);
            TestPlugins.watPlugin(plugins, HEALTH_PROBE, TestPlugins.NOOP_WAT, "");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> TestPlugins.deleteTree(root)));
            return plugins;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
