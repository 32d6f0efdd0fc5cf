package dev.plinth.component.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.plinth.component.Component;
import dev.plinth.component.ComponentImports;
import dev.plinth.component.ComponentInstance;
import dev.plinth.component.ComponentOptions;
import dev.plinth.api.LogLimits;
import dev.plinth.component.value.Value;
import dev.plinth.sandbox.fs.FileMount;
import dev.plinth.security.policy.ClockAccess;
import dev.plinth.security.policy.RandomSource;
import dev.plinth.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real component from a standard toolchain (C through clang-14 and wasi-libc, wrapped by jco with the wasi
 * preview1 command adapter): it imports 17 WASI 0.2.3 interfaces and exports {@code wasi:cli/run}. It runs
 * on Chicory with WASI from this host: stdout and stderr in the plugin log, only the granted variable, the
 * granted file through the jail, an escape refused and reported, the clock and random bytes.
 */
class ToolchainComponentTest {
    private static Component component;

    @TempDir
    Path data;

    @BeforeAll
    static void build() {
        component = Component.parse(Toolchain.commandFromC(Path.of("src/test/c/hello.c")));
    }

    private List<Value> run(WasiHost host) {
        ComponentInstance instance = WasiComponents.instantiate(component, ComponentOptions.defaults(), host,
                ComponentImports.none());
        host.beginCall("wasi:cli/run@0.2.3#run");
        try {
            return instance.call("wasi:cli/run@0.2.3#run", List.of());
        } finally {
            host.endCall();
        }
    }

    @Test
    void aCCommandPrintsReadsItsGrantsAndStaysInItsJail() throws Exception {
        Files.writeString(data.resolve("in.txt"), "granted content");
        WasiFixture fixture = WasiFixture.reading(data, Map.of("GREETING", "hi"));
        try (LogCapture log = LogCapture.of(WasiFixture.LOGGER, Level.INFO)) {
            assertThat(run(fixture.host())).containsExactly(new Value.Result(true, java.util.Optional.empty()));
            assertThat(log.messages(Level.INFO)).containsExactlyInAnyOrder(
                    "[stdout] hello from C, argc=1",
                    "[stdout] GREETING=hi",
                    "[stdout] HOME=(unset)",
                    "[stdout] file: granted content",
                    "[stdout] /etc/passwd: refused",
                    "[stdout] climb: refused",
                    "[stdout] time real",
                    "[stdout] random ok",
                    "[stderr] to stderr");
        }
        assertThat(fixture.refusals).anySatisfy(r -> assertThat(r).contains("../../etc/passwd").contains("outside"));
    }

    @Test
    void writesGoThroughTheJailOnlyIntoAWritableMount() throws Exception {
        WasiFixture readOnly = WasiFixture.reading(data, Map.of("MODE", "write"));
        try (LogCapture log = LogCapture.of(WasiFixture.LOGGER, Level.INFO)) {
            run(readOnly.host());
            assertThat(log.messages(Level.INFO)).contains("[stdout] write refused");
        }
        assertThat(data.resolve("out.txt")).doesNotExist();
        assertThat(readOnly.refusals).anySatisfy(r -> assertThat(r).contains("out.txt").contains("read-only"));

        WasiFixture writable = new WasiFixture(List.of(new FileMount(data, "/data", FileMount.Access.WRITE)),
                ClockAccess.REAL, RandomSource.SECURE, Map.of("MODE", "write"), LogLimits.DEFAULTS);
        try (LogCapture log = LogCapture.of(WasiFixture.LOGGER, Level.INFO)) {
            run(writable.host());
            assertThat(log.messages(Level.INFO)).contains("[stdout] write ok");
        }
        assertThat(data.resolve("out.txt")).hasContent("written by C");
    }

    @Test
    void exitIsATypedFailureWithItsCode() {
        WasiFixture fixture = WasiFixture.reading(data, Map.of("MODE", "exit"));
        assertThatThrownBy(() -> run(fixture.host()))
                .isInstanceOf(WasiExitException.class)
                .satisfies(e -> assertThat(((WasiExitException) e).returnCode()).isEqualTo(1));
    }

    @Test
    void aFloodOfOutputStopsAtTheLogBudgetAndTheHostServesOn() {
        WasiFixture fixture = WasiFixture.reading(data, Map.of("MODE", "flood"));
        try (LogCapture log = LogCapture.of(WasiFixture.LOGGER, Level.INFO)) {
            run(fixture.host());
            // 5000 lines of 66 bytes: the budget of 64 KiB a call keeps about a thousand
            assertThat(log.messages(Level.INFO)).hasSizeLessThan(1100);
            assertThat(log.messages(Level.WARN)).singleElement().asString().contains("log budget is spent");
            log.clear();
            WasiFixture calm = WasiFixture.reading(data, Map.of());
            run(calm.host());
            assertThat(log.messages(Level.INFO)).contains("[stdout] GREETING=(unset)");
        }
    }
}
