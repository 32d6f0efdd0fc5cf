package dev.plinth.host.component;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.component.value.Value;
import dev.plinth.host.EngineMode;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A wasm32-wasi reactor from C ({@code src/test/c/reactor.c}: clang-14 {@code -mexec-model=reactor}, its world
 * embedded by {@code jco embed}, wrapped by {@code jco new --wasi-reactor} with jco's preview1 reactor adapter)
 * loaded as a plugin, its core modules metered and compiled by the engine: libc is initialized once by the module
 * wit-component writes to run {@code _initialize} (imported as {@code "" ""}), and its export runs call after call.
 */
class ReactorComponentPluginTest {
    private static byte[] reactor;

    @TempDir
    Path plugins;

    @BeforeAll
    static void build() throws Exception {
        String jco = System.getProperty("plinth.jco");
        String clang = "/usr/bin/clang-14";
        if (jco == null || !Files.isExecutable(Path.of(jco)) || !Files.isExecutable(Path.of(clang))) {
            throw new IllegalStateException("this test needs jco (system property plinth.jco: " + jco
                    + ") and clang-14 with wasi-libc (Debian packages clang-14, lld-14, wasi-libc)");
        }
        Path dir = Files.createTempDirectory("plinth-reactor-plugin");
        Path core = dir.resolve("core.wasm");
        Path embedded = dir.resolve("embedded.wasm");
        Path component = dir.resolve("component.wasm");
        exec(List.of(clang, "--target=wasm32-wasi", "--sysroot=/usr", "-O2", "-mexec-model=reactor",
                "src/test/c/reactor.c", "-o", core.toString()));
        exec(List.of(jco, "embed", core.toString(), "--wit", "src/test/wit/reactor.wit", "--world-name", "calc",
                "-o", embedded.toString()));
        exec(List.of(jco, "new", embedded.toString(), "--wasi-reactor", "-o", component.toString()));
        reactor = Files.readAllBytes(component);
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aReactorLoadsAndServesCallAfterCall(EngineMode mode) throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("plinth.plugin.calc");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).build())) {
            Files.write(plugins.resolve("calc.wasm"), reactor);
            VersionInfo info = host.load(plugins.resolve("calc.wasm"));
            assertThat(info.status()).as("%s", info.lastError()).isEqualTo(PluginStatus.ACTIVE);

            var calls = host.component("calc");
            assertThat(calls.call("add", List.of(new Value.U32(2), new Value.U32(40))))
                    .containsExactly(new Value.U32(42));
            assertThat(calls.call("add", List.of(new Value.U32(1), new Value.U32(1))))
                    .containsExactly(new Value.U32(2));
            assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                    .contains("[stdout] add 2 40 (call 1)", "[stdout] add 1 1 (call 2)");
        } finally {
            logger.detachAppender(log);
        }
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
