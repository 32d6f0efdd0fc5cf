package dev.plinth.host.component;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginTimeoutException;
import dev.plinth.component.value.Value;
import dev.plinth.host.EngineMode;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.security.policy.ClockAccess;
import dev.plinth.security.policy.DataDirQuota;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.testing.TestPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * A WASI 0.2 component from a standard toolchain ({@code src/test/c/wasi_plugin.c}: clang-14 for wasm32-wasi,
 * {@code jco new --wasi-command}) loaded as a plugin: it prints to the plugin's log, reads a file of its granted
 * data directory, is refused a path climbing out (audited); hostile copies block an hour on the real monotonic
 * clock or read the clock for ever, and are stopped at the deadline as {@code timeout}, audited, while the
 * host serves on.
 */
class WasiComponentPluginTest {
    private static byte[] command;

    @TempDir
    Path plugins;
    @TempDir
    Path data;

    ListAppender<ILoggingEvent> log;
    Logger pluginLogger;

    @BeforeAll
    static void build() throws Exception {
        command = commandFromC(Path.of("src/test/c/wasi_plugin.c"));
    }

    @BeforeEach
    void capture() {
        pluginLogger = (Logger) LoggerFactory.getLogger("plinth.plugin.wasi-hello");
        log = new ListAppender<>();
        log.start();
        pluginLogger.addAppender(log);
    }

    @AfterEach
    void release() {
        pluginLogger.detachAppender(log);
    }

    private Path plugin(String name) throws IOException {
        Path wasm = plugins.resolve(name + ".wasm");
        Files.write(wasm, command);
        return wasm;
    }

    private static String run(dev.plinth.host.ComponentCalls calls) {
        return calls.functions().keySet().stream().filter(n -> n.startsWith("wasi:cli/run@")).findFirst()
                .orElseThrow();
    }

    private List<String> lines() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void itPrintsToThePluginLogAndReadsItsGrantedFile() throws Exception {
        Files.createDirectories(data.resolve("wasi-hello"));
        Files.writeString(data.resolve("wasi-hello").resolve("in.txt"), "granted text");
        try (PluginHost host = PluginHost.on(PluginEngine.builder().dataDirectory(data)
                .grant("wasi-hello", PluginGrant.builder().dataDir(new DataDirQuota(1 << 20, 10)).build()).build())) {
            assertThat(host.load(plugin("wasi-hello")).status()).isEqualTo(PluginStatus.ACTIVE);
            var calls = host.component("wasi-hello");

            assertThat(calls.call(run(calls), List.of())).containsExactly(new Value.Result(true,
                    java.util.Optional.empty()));

            assertThat(lines()).contains("[stdout] hello from wasi-hello",
                    "[stdout] file: granted text",
                    "[stdout] climb: refused",
                    "[stderr] to stderr");
            assertThat(host.auditLog().recent("wasi-hello", 20)).anySatisfy(e -> {
                assertThat(e.what()).isEqualTo(ErrorCode.PERMISSION_DENIED);
                assertThat(e.resource()).isEqualTo("files");
            });
            // the instance serves again, its log budget fresh
            log.list.clear();
            calls.call(run(calls), List.of());
            assertThat(lines()).contains("[stdout] file: granted text");
        }
    }

    @Test
    void withoutADataDirectoryThereIsNoFile() throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            assertThat(host.load(plugin("wasi-hello")).status()).isEqualTo(PluginStatus.ACTIVE);
            var calls = host.component("wasi-hello");
            calls.call(run(calls), List.of());
            assertThat(lines()).contains("[stdout] no file");
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aSleepOnTheRealClockEndsAtTheDeadline(EngineMode mode) throws Exception {
        assertStoppedAtTheDeadline(mode, "sleeper");
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void readingTheClockForEverEndsAtTheDeadline(EngineMode mode) throws Exception {
        assertStoppedAtTheDeadline(mode, "clock-spinner");
    }

    @Test
    void onAFrozenClockASleepIsOverAtOnce() throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder()
                .limits(PluginLimits.DEFAULTS.withCallTimeout(Duration.ofSeconds(20))).build())) {
            host.load(plugin("sleeper"));
            var calls = host.component("sleeper");
            long started = System.nanoTime();
            calls.call(run(calls), List.of());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        }
    }

    private void assertStoppedAtTheDeadline(EngineMode mode, String name) throws Exception {
        Duration deadline = Duration.ofMillis(500);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode)
                .limits(PluginLimits.DEFAULTS.withCallTimeout(deadline))
                .grant(name, PluginGrant.builder().clock(ClockAccess.REAL).build()).build())) {
            host.load(TestPlugins.sample("text-transformer"));
            assertThat(host.load(plugin(name)).status()).isEqualTo(PluginStatus.ACTIVE);
            var calls = host.component(name);

            long started = System.nanoTime();
            assertThatThrownBy(() -> calls.call(run(calls), List.of())).isInstanceOf(PluginTimeoutException.class)
                    .hasMessageContaining(name);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(deadline.plusSeconds(3));
            assertThat(host.auditLog().recent(name, 20)).anySatisfy(e ->
                    assertThat(e.what()).isEqualTo(ErrorCode.TIMEOUT));
            assertThat(host.call("text-transformer", "transform", "after".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("AFTER");
            assertThat(host.loaded(name).orElseThrow().info(PluginStatus.ACTIVE).status())
                    .isEqualTo(PluginStatus.ACTIVE);
        }
    }

    /** clang-14 for wasm32-wasi (Debian's wasi-libc), then {@code jco new --wasi-command}, as component-wasi's tests do. */
    static byte[] commandFromC(Path source) throws Exception {
        String jco = System.getProperty("plinth.jco");
        String clang = "/usr/bin/clang-14";
        if (jco == null || !Files.isExecutable(Path.of(jco)) || !Files.isExecutable(Path.of(clang))) {
            throw new IllegalStateException("this test needs jco (system property plinth.jco: " + jco
                    + ") and clang-14 with wasi-libc (Debian packages clang-14, lld-14, wasi-libc)");
        }
        Path dir = Files.createTempDirectory("plinth-wasi-plugin");
        Path core = dir.resolve("core.wasm");
        Path component = dir.resolve("component.wasm");
        exec(List.of(clang, "--target=wasm32-wasi", "--sysroot=/usr", "-O2", source.toString(), "-o",
                core.toString()));
        exec(List.of(jco, "new", core.toString(), "--wasi-command", "-o", component.toString()));
        return Files.readAllBytes(component);
    }

    private static void exec(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
