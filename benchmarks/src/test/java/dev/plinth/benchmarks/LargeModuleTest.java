package dev.plinth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.host.EngineMode;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated module is the same on every run, about 2 MB, and a plugin Plinth loads and runs.
 * (Interpreted here, to keep the test quick; the cold-start benchmark compiles it.)
 */
class LargeModuleTest {
    @TempDir
    Path dir;

    @Test
    void isDeterministicAndAboutTwoMegabytes() {
        byte[] module = LargeModule.bytes();

        assertThat(LargeModule.bytes()).isEqualTo(module);
        assertThat(module.length).isBetween(1_800_000, 2_400_000);
    }

    @Test
    void writesTheModuleAndAPluginFolderThatLoadsAndRuns() throws IOException {
        Path plugin = LargeModule.write(dir);

        assertThat(Files.readAllBytes(dir.resolve("large.wasm"))).isEqualTo(LargeModule.bytes());
        assertThat(Files.readAllBytes(plugin.resolve("large.wasm"))).isEqualTo(LargeModule.bytes());
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(EngineMode.INTERPRETED).build())) {
            VersionInfo info = host.load(plugin);

            assertThat(info.status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(info.exports()).containsExactly(LargeModule.RUN);
            assertThat(host.call(LargeModule.NAME, LargeModule.RUN, new byte[0])).isEmpty();
        }
    }
}
