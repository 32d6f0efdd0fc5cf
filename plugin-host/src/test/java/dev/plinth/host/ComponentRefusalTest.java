package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.testing.TestPlugins;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WebAssembly component in the plugins folder is told apart from a core module by its header and refused
 * by name as {@code invalid-module} (components do not load as plugins yet), while other plugins serve.
 */
class ComponentRefusalTest {
    /** The smallest component: the preamble, no sections. */
    private static final byte[] EMPTY_COMPONENT = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};

    @TempDir
    Path plugins;

    @Test
    void aComponentIsRefusedByNameAndTheHostServes() throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            host.load(TestPlugins.sample("text-transformer"));
            Path component = Files.write(plugins.resolve("greeter.wasm"), EMPTY_COMPONENT);

            VersionInfo loaded = host.load(component);

            assertThat(loaded.status()).isEqualTo(PluginStatus.FAILED);
            assertThat(loaded.lastError()).hasValueSatisfying(error -> {
                assertThat(error.code()).isEqualTo(ErrorCode.INVALID_MODULE);
                assertThat(error.message()).contains("greeter.wasm is a WebAssembly component").contains("unsupported");
            });
            assertThat(host.call("text-transformer", "transform", "after".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("AFTER");
        }
    }
}
