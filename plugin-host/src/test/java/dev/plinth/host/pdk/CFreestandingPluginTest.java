package dev.plinth.host.pdk;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.api.error.PluginTrapException;
import dev.plinth.host.EngineMode;
import dev.plinth.host.PluginHost;
import dev.plinth.testing.LogCapture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The plugin in {@code pdk-plugins/c/freestanding}: C built with Debian's clang-14 for wasm32
 * without a C library ({@code -nostdlib}, {@code wasm-ld --no-entry}) against
 * {@code plinth-extism.h}, the project's own header written from the Extism ABI. It imports every
 * kernel function a C PDK plugin may, {@code input_offset} among them (which Plinth once refused as
 * "not part of the Extism ABI", so the module did not load).
 */
class CFreestandingPluginTest {
    private static final String NAME = "c-freestanding";

    @TempDir
    Path plugins;

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void readsInputByIndexAndByBlockAndWritesOutput(EngineMode mode) {
        try (PluginHost host = PluginHost.on(PdkHosts.hostBuilder().engine(mode).build())) {
            assertThat(host.load(PdkHosts.built(NAME)).status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.call(NAME, "greet", "Grüße".getBytes(UTF_8))).asString(UTF_8).isEqualTo("Hello, Grüße!");

            byte[] bytes = new byte[65536];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (i * 31 + (i >> 8));
            }
            assertThat(host.call(NAME, "echo", bytes)).isEqualTo(bytes);
            assertThat(host.call(NAME, "echo", new byte[] {1, 2, 3})).containsExactly(1, 2, 3);
            // the input's own block handed back as the output, no copy through linear memory
            assertThat(host.call(NAME, "echo_block", bytes)).isEqualTo(bytes);
            assertThat(host.call(NAME, "echo_block", new byte[0])).isEmpty();
        }
    }

    @Test
    void readsConfigFromTheManifestAndFromTheHost() {
        try (PluginHost host = PluginHost.on(PdkHosts.hostBuilder().configOverride("extra", "from the host").build())) {
            host.load(PdkHosts.built(NAME));
            assertThat(host.call(NAME, "config", "greeting".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("hello from plugin.toml");
            assertThat(host.call(NAME, "config", "extra".getBytes(UTF_8))).asString(UTF_8).isEqualTo("from the host");
            assertThat(host.call(NAME, "config", "missing".getBytes(UTF_8))).asString(UTF_8).isEqualTo("<unset>");
        }
    }

    @Test
    void keepsABinaryVarAcrossCallsAndATrapAndRemovesIt() {
        try (PluginHost host = PluginHost.on(PdkHosts.hostBuilder().limits(PluginLimits.DEFAULTS.withMaxInstances(1)).build())) {
            host.load(PdkHosts.built(NAME));
            assertThat(host.call(NAME, "count", new byte[0])).asString(UTF_8).isEqualTo("1");
            assertThat(host.call(NAME, "count", new byte[0])).asString(UTF_8).isEqualTo("2");
            assertThatThrownBy(() -> host.call(NAME, "trap", new byte[0])).isInstanceOf(PluginTrapException.class);
            assertThat(host.call(NAME, "count", new byte[0])).asString(UTF_8).isEqualTo("3");
            assertThat(host.call(NAME, "reset", new byte[0])).asString(UTF_8).isEqualTo("<removed>");
            assertThat(host.call(NAME, "count", new byte[0])).asString(UTF_8).isEqualTo("1");
        }
    }

    @Test
    void logsAtEveryLevelAndReadsTheHostsLogLevel() {
        try (PluginHost host = PluginHost.on(PdkHosts.hostBuilder().build())) {
            host.load(PdkHosts.built(NAME));
            try (LogCapture log = LogCapture.of("plinth.plugin." + NAME, Level.TRACE)) {
                assertThat(host.call(NAME, "log", "x".getBytes(UTF_8))).asString(UTF_8).isEqualTo("0");
                assertThat(log.events()).extracting(e -> e.getLevel() + " " + e.getFormattedMessage()).containsExactly(
                        "TRACE [log] trace: x", "DEBUG [log] debug: x", "INFO [log] info: x",
                        "WARN [log] warn: x", "ERROR [log] error: x");
            }
            try (LogCapture log = LogCapture.of("plinth.plugin." + NAME, Level.WARN)) {
                assertThat(host.call(NAME, "log", "y".getBytes(UTF_8))).asString(UTF_8).isEqualTo("3");
                assertThat(log.events()).extracting(e -> e.getLevel() + " " + e.getFormattedMessage())
                        .containsExactly("WARN [log] warn: y", "ERROR [log] error: y");
            }
        }
    }

    @Test
    void failsWithTheTextItSetAndItsReturnCodeAndTrapsWithoutHarm() {
        try (PluginHost host = PluginHost.on(PdkHosts.hostBuilder().build())) {
            host.load(PdkHosts.built(NAME));
            assertThatThrownBy(() -> host.call(NAME, "fail", "because".getBytes(UTF_8)))
                    .isInstanceOfSatisfying(PluginFailureException.class, e -> {
                        assertThat(e.pluginMessage()).isEqualTo("c failed on purpose: because");
                        assertThat(e.returnCode()).isEqualTo(9);
                    });
            assertThatThrownBy(() -> host.call(NAME, "trap", new byte[0])).isInstanceOf(PluginTrapException.class);
            assertThat(host.call(NAME, "greet", "after".getBytes(UTF_8))).asString(UTF_8).isEqualTo("Hello, after!");
        }
    }

    @Test
    void anErrorSetIsAFailureEvenWhenTheFunctionReturnsZero() {
        try (PluginHost host = PluginHost.on(PdkHosts.hostBuilder().build())) {
            host.load(PdkHosts.built(NAME));
            assertThatThrownBy(() -> host.call(NAME, "error_but_zero", new byte[0]))
                    .isInstanceOfSatisfying(PluginFailureException.class,
                            e -> assertThat(e.pluginMessage()).isEqualTo("error set, yet returned 0"));
        }
    }

    @Test
    void makesAnHttpRequestAndReadsTheStatusCode() {
        try (LocalHttpServer server = new LocalHttpServer();
                PluginHost host = PluginHost.on(PdkHosts.hostBuilder().build())) {
            host.load(PdkHosts.askingToConnect(NAME, plugins, server.port()));
            String reply = new String(host.call(NAME, "fetch", server.url("/created").getBytes(UTF_8)), UTF_8);
            // "<status> <body length> <headers block length>\n<body>"
            assertThat(reply).startsWith("201 17 ").endsWith("\npong GET /created");
            assertThat(server.seen()).containsExactly("GET /created X-Pdk=c");
        }
    }
}
