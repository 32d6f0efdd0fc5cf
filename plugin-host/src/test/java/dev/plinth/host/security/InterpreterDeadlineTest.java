package dev.plinth.host.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.FuelExhaustedException;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.error.PluginTimeoutException;
import dev.plinth.api.error.StackExhaustedException;
import dev.plinth.host.EngineMode;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.host.testing.HostWorkProbe;
import dev.plinth.host.testing.HostWorkProbe.Figures;
import dev.plinth.testing.TestPlugins;
import dev.plinth.testing.Wat;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Loops that Chicory's interpreter does not check for interruption ({@code br_if}, {@code br_table},
 * tail calls) end at the deadline as {@code timeout} in interpreter mode too, with no fuel budget
 * set: every module is metered there, and the deadline drains the counter. The same modules in
 * compiled mode for comparison (there a tail-call loop is a call chain, so the stack runs out).
 * A fuel budget the operator set still ends a call first when it is smaller.
 */
class InterpreterDeadlineTest {
    private static final Duration DEADLINE = Duration.ofMillis(300);
    private static final Duration SLACK = Duration.ofSeconds(2);

    @TempDir
    Path plugins;

    private final HostWorkProbe probe = new HostWorkProbe();

    /** An export of a hostile module, the mode, and what it must end in. */
    record Loop(String module, String export, EngineMode mode, Class<? extends PluginException> error, ErrorCode code,
            String resource) {
        @Override
        public String toString() {
            return module + "." + export + " (" + mode.name().toLowerCase(Locale.ROOT) + ") -> " + code;
        }
    }

    static Stream<Loop> loops() {
        return Stream.of(
                new Loop("br-table-loop", "run", EngineMode.INTERPRETED, PluginTimeoutException.class,
                        ErrorCode.TIMEOUT, "run (cpu-time 300ms)"),
                new Loop("return-call-loop", "run", EngineMode.INTERPRETED, PluginTimeoutException.class,
                        ErrorCode.TIMEOUT, "run (cpu-time 300ms)"),
                new Loop("return-call-loop", "run_self", EngineMode.INTERPRETED, PluginTimeoutException.class,
                        ErrorCode.TIMEOUT, "run_self (cpu-time 300ms)"),
                new Loop("br-table-loop", "run", EngineMode.COMPILED, PluginTimeoutException.class,
                        ErrorCode.TIMEOUT, "run (cpu-time 300ms)"),
                new Loop("return-call-loop", "run", EngineMode.COMPILED, StackExhaustedException.class,
                        ErrorCode.TRAP, "run (call stack)"),
                new Loop("return-call-loop", "run_self", EngineMode.COMPILED, StackExhaustedException.class,
                        ErrorCode.TRAP, "run_self (call stack)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loops")
    void aLoopEndsAtTheDeadlineWithoutAFuelBudget(Loop loop) throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(loop.mode())
                .limits(PluginLimits.DEFAULTS.withCallTimeout(DEADLINE)).build())) {
            assertThat(host.load(TestPlugins.sample("text-transformer")).status()).isEqualTo(PluginStatus.ACTIVE);
            Path module = Wat.write(plugins, loop.module(), TestPlugins.hostileWat("init/" + loop.module() + ".wat"));
            assertThat(host.load(module).status()).isEqualTo(PluginStatus.ACTIVE);

            Figures figures;
            WellBehavedCaller caller = WellBehavedCaller.start(host);
            try (caller) {
                figures = probe.measure(loop.toString(), DEADLINE,
                        () -> host.call(loop.module(), loop.export(), new byte[0]));
            }
            System.out.println("host-work: " + caller);

            assertThat(figures.failure()).isInstanceOfSatisfying(loop.error(),
                    e -> assertThat(e.code()).isEqualTo(loop.code()));
            assertThat(figures.elapsed()).isLessThan(DEADLINE.plus(SLACK));
            if (loop.code() == ErrorCode.TIMEOUT) {
                assertThat(figures.elapsed()).isGreaterThanOrEqualTo(DEADLINE);
                assertThat(figures.failure()).hasMessageContaining("ran past its deadline of 300 ms");
            }
            List<AuditEntry> entries = host.auditLog().recent(loop.module(), 10);
            assertThat(entries).singleElement().satisfies(entry -> {
                assertThat(entry.what()).isEqualTo(loop.code());
                assertThat(entry.resource()).isEqualTo(loop.resource());
                assertThat(entry.action()).isEqualTo(AuditAction.STOPPED);
            });
            assertThat(caller.failures()).isEmpty();
            assertThat(caller.answered()).isPositive();
            assertThat(host.call("text-transformer", "transform", "after".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("AFTER");
        }
    }

    @Test
    void theResourceHogsBrIfSpinNoLongerNeedsFuelInTheInterpreter() {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(EngineMode.INTERPRETED)
                .limits(PluginLimits.DEFAULTS.withCallTimeout(DEADLINE)).build())) {
            assertThat(host.load(TestPlugins.hostile("resource-hog")).status()).isEqualTo(PluginStatus.ACTIVE);
            Figures figures = probe.measure("resource-hog.spin_br_if (interpreted, no fuel)", DEADLINE,
                    () -> host.call("resource-hog", "spin_br_if", new byte[0]));
            assertThat(figures.failure()).isInstanceOf(PluginTimeoutException.class);
            assertThat(figures.elapsed()).isBetween(DEADLINE, DEADLINE.plus(SLACK));
            assertThat(host.call("resource-hog", "ping", new byte[0])).asString(UTF_8).isEqualTo("pong");
        }
    }

    @Test
    void anOperatorBudgetLargerThanTheDeadlineAllowsEndsAsTimeoutNotFuelExhausted() throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(EngineMode.INTERPRETED).fuel(Long.MAX_VALUE / 8)
                .limits(PluginLimits.DEFAULTS.withCallTimeout(DEADLINE)).build())) {
            Path module = Wat.write(plugins, "br-table-loop", TestPlugins.hostileWat("init/br-table-loop.wat"));
            host.load(module);
            Figures figures = probe.measure("br-table-loop with a huge budget (interpreted)", DEADLINE,
                    () -> host.call("br-table-loop", "run", new byte[0]));
            assertThat(figures.failure()).isInstanceOf(PluginTimeoutException.class);
            assertThat(figures.elapsed()).isBetween(DEADLINE, DEADLINE.plus(SLACK));
        }
    }

    @Test
    void anOperatorBudgetThatRunsOutBeforeTheDeadlineIsFuelExhausted() throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(EngineMode.INTERPRETED).fuel(2_000_000)
                .limits(PluginLimits.DEFAULTS.withCallTimeout(Duration.ofSeconds(60))).build())) {
            Path module = Wat.write(plugins, "return-call-loop", TestPlugins.hostileWat("init/return-call-loop.wat"));
            host.load(module);
            Figures figures = probe.measure("return-call-loop with 2M fuel (interpreted)", Duration.ofSeconds(60),
                    () -> host.call("return-call-loop", "run", new byte[0]));
            assertThat(figures.failure()).isInstanceOfSatisfying(FuelExhaustedException.class,
                    e -> assertThat(e.getMessage()).contains("2000000"));
            assertThat(host.auditLog().recent("return-call-loop", 10)).singleElement()
                    .satisfies(entry -> assertThat(entry.what()).isEqualTo(ErrorCode.FUEL_EXHAUSTED));
        }
    }

    @Test
    void interpretedCallsReportNoFuelWhenTheOperatorSetNoBudget() {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(EngineMode.INTERPRETED).build())) {
            host.load(TestPlugins.sample("text-transformer"));
            assertThat(host.call(dev.plinth.api.CallRequest.of("text-transformer", "transform",
                    "x".getBytes(UTF_8))).fuel()).isEmpty();
        }
    }
}
