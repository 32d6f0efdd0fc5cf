package dev.plinth.host.pdk;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.host.EngineMode;
import dev.plinth.host.PluginHost;
import dev.plinth.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The plugin in {@code pdk-plugins/c/wasi-reactor}: C built with Debian's clang-14 and wasi-libc
 * as a WASI reactor ({@code -mexec-model=reactor}, so it exports {@code _initialize}, which runs
 * the C constructors), against {@code plinth-extism.h}. It uses the C library as C plugins do:
 * malloc, snprintf, qsort, getenv, strerror, stdout and stderr.
 */
class CWasiReactorPluginTest {
    private static final String NAME = "c-wasi-reactor";

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void runsTheConstructorsOnceAndWorksWithTheCLibrary(EngineMode mode) {
        try (PluginHost host = PluginHost.on(PdkHosts.hostBuilder().engine(mode).limits(PluginLimits.DEFAULTS.withMaxInstances(1))
                .build())) {
            assertThat(host.load(PdkHosts.built(NAME)).status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.call(NAME, "greet", "world".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("Hello, world! (constructors run: 1)");
            assertThat(host.call(NAME, "greet", "again".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("Hello, again! (constructors run: 1)");
            assertThat(host.call(NAME, "sort", "plinth".getBytes(UTF_8))).asString(UTF_8).isEqualTo("hilnpt");
            assertThat(host.call(NAME, "sort", new byte[0])).isEmpty();
        }
    }

    @Test
    void writesStdoutAndStderrToThePluginsLog() {
        try (LogCapture log = LogCapture.of("plinth.plugin." + NAME, Level.INFO);
                PluginHost host = PluginHost.on(PdkHosts.hostBuilder().build())) {
            host.load(PdkHosts.built(NAME));
            assertThat(host.call(NAME, "print", "two streams".getBytes(UTF_8))).isEmpty();
            assertThat(log.messages(Level.INFO)).contains("[stdout] stdout: two streams", "[stderr] stderr: two streams");
        }
    }

    @Test
    void seesNoEnvironmentOfTheHost() {
        try (PluginHost host = PluginHost.on(PdkHosts.hostBuilder().build())) {
            host.load(PdkHosts.built(NAME));
            assertThat(System.getenv("PATH")).isNotNull();
            assertThat(host.call(NAME, "env", "PATH".getBytes(UTF_8))).asString(UTF_8).isEqualTo("<unset>");
        }
    }

    @Test
    void failsWithTheTextItSet() {
        try (PluginHost host = PluginHost.on(PdkHosts.hostBuilder().build())) {
            host.load(PdkHosts.built(NAME));
            assertThatThrownBy(() -> host.call(NAME, "fail", new byte[0]))
                    .isInstanceOfSatisfying(PluginFailureException.class, e -> {
                        assertThat(e.pluginMessage()).isEqualTo("wasi-libc says: No such file or directory");
                        assertThat(e.returnCode()).isEqualTo(4);
                    });
        }
    }
}
