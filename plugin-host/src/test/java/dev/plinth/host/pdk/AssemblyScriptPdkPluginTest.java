package dev.plinth.host.pdk;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.PermissionDeniedException;
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
 * The plugin in {@code pdk-plugins/assemblyscript}: written with Extism's AssemblyScript PDK
 * ({@code @extism/as-pdk} 1.0.0 from npm) and compiled by {@code asc} (AssemblyScript 0.27.37), as
 * the PDK's README shows, then loaded unchanged on Plinth's engine.
 */
class AssemblyScriptPdkPluginTest {
    private static final String NAME = "as-pdk";

    @TempDir
    Path plugins;

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void readsInputAndWritesOutputThroughThePdk(EngineMode mode) {
        try (PluginHost host = PluginHost.on(PdkHosts.hostBuilder().engine(mode).build())) {
            assertThat(host.load(PdkHosts.built(NAME)).status()).isEqualTo(PluginStatus.ACTIVE);

            assertThat(host.call(NAME, "greet", "Grüße, 世界".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("Hello, Grüße, 世界!");
            assertThat(host.call(NAME, "greet", new byte[0])).asString(UTF_8).isEqualTo("Hello, !");

            // Host.input reads eight bytes at a time and the tail byte by byte: every byte value,
            // at a length that is not a multiple of eight, comes back as it went in.
            byte[] bytes = new byte[1029];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (i * 7);
            }
            assertThat(host.call(NAME, "echo", bytes)).isEqualTo(bytes);
        }
    }

    @Test
    void outputStringWritesPastItsBlockForTextBeyondAsciiAndTheOutputIsCutAsInExtism() {
        try (PluginHost host = PluginHost.on(PdkHosts.hostBuilder().build())) {
            host.load(PdkHosts.built(NAME));
            assertThat(host.call(NAME, "greet_string", "ascii".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("Hello, ascii!");
            // Host.outputString allocates "Hello, Grüße!".length (13 UTF-16 units) and stores its 15
            // UTF-8 bytes: Extism's kernel checks stores against its memory, not against the block,
            // so the two stores past the block land and the output is the block's 13 bytes,
            // "Hello, Grüß". Plinth does the same rather than fail the call.
            assertThat(host.call(NAME, "greet_string", "Grüße".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("Hello, Grüß");
        }
    }

    @Test
    void readsConfigFromTheManifestAndFromTheHost() {
        try (PluginHost host = PluginHost.on(PdkHosts.hostBuilder().build())) {
            host.load(PdkHosts.built(NAME));
            assertThat(host.call(NAME, "config", "greeting".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("hello from plugin.toml");
            assertThat(host.call(NAME, "config", "no-such-key".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("<unset>");
        }
        try (PluginHost host = PluginHost.on(PdkHosts.hostBuilder().configOverride("greeting", "from the host").build())) {
            host.load(PdkHosts.built(NAME));
            assertThat(host.call(NAME, "config", "greeting".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("from the host");
        }
    }

    @Test
    void keepsVarsBetweenCallsAndAcrossADiscardedInstanceAndRemovesThem() {
        try (PluginHost host = PluginHost.on(PdkHosts.hostBuilder().limits(PluginLimits.DEFAULTS.withMaxInstances(1)).build())) {
            host.load(PdkHosts.built(NAME));
            assertThat(host.call(NAME, "count", new byte[0])).asString(UTF_8).isEqualTo("1");
            assertThat(host.call(NAME, "count", new byte[0])).asString(UTF_8).isEqualTo("2");

            // the abort traps and the instance is thrown away; vars belong to the plugin
            assertThatThrownBy(() -> host.call(NAME, "abort_on_purpose", new byte[0]))
                    .isInstanceOf(PluginTrapException.class);
            assertThat(host.call(NAME, "count", new byte[0])).asString(UTF_8).isEqualTo("3");

            assertThat(host.call(NAME, "reset", new byte[0])).asString(UTF_8).isEqualTo("<removed>");
            assertThat(host.call(NAME, "count", new byte[0])).asString(UTF_8).isEqualTo("1");
        }
    }

    @Test
    void logsAtEachLevelThePdkOffersIntoThePluginsLogger() {
        try (LogCapture log = LogCapture.of("plinth.plugin." + NAME, Level.DEBUG);
                PluginHost host = PluginHost.on(PdkHosts.hostBuilder().build())) {
            host.load(PdkHosts.built(NAME));
            assertThat(host.call(NAME, "log", "a line".getBytes(UTF_8))).isEmpty();

            assertThat(log.messages(Level.DEBUG)).containsExactly("[log] debug: a line");
            assertThat(log.messages(Level.INFO)).containsExactly("[log] info: a line");
            assertThat(log.messages(Level.WARN)).containsExactly("[log] warn: a line");
            assertThat(log.messages(Level.ERROR)).containsExactly("[log] error: a line");
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void failsWithTheTextItSetAndItsReturnCode(EngineMode mode) {
        try (PluginHost host = PluginHost.on(PdkHosts.hostBuilder().engine(mode).build())) {
            host.load(PdkHosts.built(NAME));
            assertThatThrownBy(() -> host.call(NAME, "fail", "bad input".getBytes(UTF_8)))
                    .isInstanceOfSatisfying(PluginFailureException.class, e -> {
                        assertThat(e.pluginMessage()).isEqualTo("as-pdk failed on purpose: bad input");
                        assertThat(e.returnCode()).isEqualTo(7);
                        assertThat(e.code().code()).isEqualTo("plugin-error");
                    });
            assertThat(host.call(NAME, "greet", "again".getBytes(UTF_8))).asString(UTF_8).isEqualTo("Hello, again!");
        }
    }

    @Test
    void aFailedAssertionReachesTheModulesAbortHandlerWhichLogsAndTraps() {
        try (LogCapture log = LogCapture.of("plinth.plugin." + NAME, Level.ERROR);
                PluginHost host = PluginHost.on(PdkHosts.hostBuilder().build())) {
            host.load(PdkHosts.built(NAME));
            assertThatThrownBy(() -> host.call(NAME, "abort_on_purpose", "sometimes".getBytes(UTF_8)))
                    .isInstanceOf(PluginTrapException.class)
                    .hasMessageContaining("unreachable");
            assertThat(log.messages(Level.ERROR)).singleElement().asString()
                    .startsWith("[abort_on_purpose] abort: the input was not 'never' at assembly/index.ts:");
            // and the plugin goes on serving from a fresh instance
            assertThat(host.call(NAME, "greet", "still here".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("Hello, still here!");
        }
    }

    @Test
    void makesAnHttpRequestThroughTheImportThePdkDeclaresWhenTheManifestAsksForTheHost() {
        try (LocalHttpServer server = new LocalHttpServer();
                PluginHost host = PluginHost.on(PdkHosts.hostBuilder().build())) {
            Path plugin = PdkHosts.askingToConnect(NAME, plugins, server.port());
            assertThat(host.load(plugin).status()).isEqualTo(PluginStatus.ACTIVE);

            assertThat(host.call(NAME, "fetch", server.url("/from-as").getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("pong GET /from-as");
            assertThat(server.seen()).containsExactly("GET /from-as X-Pdk=assemblyscript");
        }
    }

    @Test
    void anHttpRequestWithoutAGrantIsRefusedAndReachesNoServer() {
        try (LocalHttpServer server = new LocalHttpServer();
                PluginHost host = PluginHost.on(PdkHosts.hostBuilder().build())) {
            host.load(PdkHosts.built(NAME));
            assertThatThrownBy(() -> host.call(NAME, "fetch", server.url("/nope").getBytes(UTF_8)))
                    .isInstanceOf(PermissionDeniedException.class)
                    .hasMessageContaining("http_request");
            assertThat(server.seen()).isEmpty();
            assertThat(host.call(NAME, "greet", "after".getBytes(UTF_8))).asString(UTF_8).isEqualTo("Hello, after!");
        }
    }
}
