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
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.testing.LogCapture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The plugins in {@code pdk-plugins/go}: standard Go 1.24 for {@code GOOS=wasip1}, calling the
 * Extism kernel through {@code //go:wasmimport extism:host/env ...} (the project's own small
 * package; go-pdk's sources are not reachable here). {@code go-reactor} is a reactor whose plugin
 * functions are {@code //go:wasmexport}s; {@code go-command} is a command module whose one plugin
 * function is {@code _start}.
 *
 * <p>Go's runtime stops in {@code _initialize} with {@code fatal error: nanotime returning zero}
 * when the monotonic clock reads 0, so the frozen clock a plugin not granted the clock gets reads 1 ns
 * there ({@link #reactorRunsWithoutAClockGrant}); the other tests grant the real clock
 * ({@link PdkHosts#ASKED_CONNECTIONS_REAL_CLOCK}), as Go programs that time things need.
 */
class GoPluginTest {
    private static final String REACTOR = "go-reactor";
    private static final String COMMAND = "go-command";

    @TempDir
    Path plugins;

    private static PluginEngine.Builder goHost() {
        return PluginEngine.builder().policy(PdkHosts.ASKED_CONNECTIONS_REAL_CLOCK);
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void reactorServesItsExportsAndKeepsItsHeapBetweenCalls(EngineMode mode) {
        try (PluginHost host = PluginHost.on(goHost().engine(mode).limits(PluginLimits.DEFAULTS.withMaxInstances(1)).build())) {
            assertThat(host.load(PdkHosts.built(REACTOR)).status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.call(REACTOR, "greet", "Gopher, 世界".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("Hello, Gopher, 世界!");
            // a Go variable, counted by greet and calls: one instance, one heap
            assertThat(host.call(REACTOR, "calls", new byte[0])).asString(UTF_8).isEqualTo("2");
            assertThat(host.call(REACTOR, "calls", new byte[0])).asString(UTF_8).isEqualTo("3");
        }
    }

    @Test
    void reactorReadsConfigAndKeepsVarsAcrossADiscardedInstance() {
        try (PluginHost host = PluginHost.on(goHost().limits(PluginLimits.DEFAULTS.withMaxInstances(1)).build())) {
            host.load(PdkHosts.built(REACTOR));
            assertThat(host.call(REACTOR, "config", "greeting".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("hello from plugin.toml");
            assertThat(host.call(REACTOR, "config", "missing".getBytes(UTF_8))).asString(UTF_8).isEqualTo("<unset>");

            assertThat(host.call(REACTOR, "count", new byte[0])).asString(UTF_8).isEqualTo("1");
            assertThat(host.call(REACTOR, "count", new byte[0])).asString(UTF_8).isEqualTo("2");
            assertThatThrownBy(() -> host.call(REACTOR, "panic", new byte[0])).isInstanceOf(PluginTrapException.class);
            // a fresh instance (its heap counter starts again) sees the plugin's vars
            assertThat(host.call(REACTOR, "count", new byte[0])).asString(UTF_8).isEqualTo("3");
            assertThat(host.call(REACTOR, "calls", new byte[0])).asString(UTF_8).isEqualTo("1");
        }
    }

    @Test
    void reactorLogsAndFailsAndAPanicIsATrapWithGosMessageInTheLog() {
        try (LogCapture log = LogCapture.of("plinth.plugin." + REACTOR, Level.INFO);
                PluginHost host = PluginHost.on(goHost().build())) {
            host.load(PdkHosts.built(REACTOR));
            assertThat(host.call(REACTOR, "log", "gone".getBytes(UTF_8))).isEmpty();
            assertThat(log.messages(Level.INFO)).contains("[log] info: gone");
            assertThat(log.messages(Level.WARN)).containsExactly("[log] warn: gone");
            assertThat(log.messages(Level.ERROR)).containsExactly("[log] error: gone");

            assertThatThrownBy(() -> host.call(REACTOR, "fail", "why".getBytes(UTF_8)))
                    .isInstanceOfSatisfying(PluginFailureException.class, e -> {
                        assertThat(e.pluginMessage()).isEqualTo("go reactor failed on purpose: why");
                        assertThat(e.returnCode()).isEqualTo(5);
                    });

            log.clear();
            assertThatThrownBy(() -> host.call(REACTOR, "panic", new byte[0])).isInstanceOf(PluginTrapException.class);
            assertThat(log.messages(Level.INFO))
                    .contains("[stderr] panic: runtime error: index out of range [3] with length 0");
            assertThat(host.call(REACTOR, "greet", "after".getBytes(UTF_8))).asString(UTF_8).isEqualTo("Hello, after!");
        }
    }

    @Test
    void reactorMakesAnHttpRequestAndReadsTheStatusCode() {
        try (LocalHttpServer server = new LocalHttpServer(); PluginHost host = PluginHost.on(goHost().build())) {
            host.load(PdkHosts.askingToConnect(REACTOR, plugins, server.port()));
            assertThat(host.call(REACTOR, "fetch", server.url("/created").getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("201\npong GET /created");
            assertThat(server.seen()).containsExactly("GET /created X-Pdk=go");
        }
    }

    @Test
    void reactorRunsWithoutAClockGrant() {
        try (PluginHost host = PluginHost.on(PdkHosts.hostBuilder().build())) {
            assertThat(host.load(PdkHosts.built(REACTOR)).status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.call(REACTOR, "greet", "frozen".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("Hello, frozen!");
        }
    }

    @Test
    void commandModuleRunsMainAsItsStartFunction() {
        try (LogCapture log = LogCapture.of("plinth.plugin." + COMMAND, Level.INFO);
                PluginHost host = PluginHost.on(goHost().build())) {
            assertThat(host.load(PdkHosts.built(COMMAND)).status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.call(COMMAND, "_start", "world".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("Hello, world!");
            // each call runs main from the start again
            assertThat(host.call(COMMAND, "_start", "again".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("Hello, again!");
            assertThat(log.messages(Level.INFO)).contains("[_start] go command greeting world",
                    "[_start] go command greeting again");
        }
    }

    @Test
    void commandModuleFailsThroughItsExitCode() {
        try (PluginHost host = PluginHost.on(goHost().build())) {
            host.load(PdkHosts.built(COMMAND));
            assertThatThrownBy(() -> host.call(COMMAND, "_start", "fail".getBytes(UTF_8)))
                    .isInstanceOfSatisfying(PluginFailureException.class, e -> {
                        assertThat(e.pluginMessage()).isEqualTo("go command failed on purpose");
                        assertThat(e.returnCode()).isEqualTo(3);
                    });
            assertThat(host.call(COMMAND, "_start", "after".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("Hello, after!");
        }
    }
}
