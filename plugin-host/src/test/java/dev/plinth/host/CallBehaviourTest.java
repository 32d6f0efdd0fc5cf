package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PayloadTooLargeException;
import dev.plinth.api.error.PluginBusyException;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.api.error.PluginTimeoutException;
import dev.plinth.api.error.PluginTrapException;
import dev.plinth.api.observe.CallEvent;
import dev.plinth.api.unit.DataSize;
import dev.plinth.testing.TestPlugins;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What a call returns for every way a plugin can behave, in both engine modes where it matters. */
class CallBehaviourTest {
    private static final byte[] NOTHING = new byte[0];
    private PluginHost host;

    private PluginHost start(EngineMode mode, PluginLimits limits) {
        host = FixtureHosts.host(mode, limits);
        assertThat(host.load(TestPlugins.fixture("abi-fixtures")).status()).isEqualTo(PluginStatus.ACTIVE);
        return host;
    }

    private byte[] call(String function, String input) {
        return host.call("abi-fixtures", function, input.getBytes(UTF_8));
    }

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void outputsAndFailures(EngineMode mode) {
        start(mode, PluginLimits.DEFAULTS);
        assertThat(call("echo", "ping")).asString(UTF_8).isEqualTo("ping");
        assertThat(call("output_twice", "")).as("the last output_set wins").asString(UTF_8).isEqualTo("second");
        assertThat(call("no_output", "")).as("no output_set means empty output").isEmpty();

        assertThatThrownBy(() -> call("fail", "")).isInstanceOfSatisfying(PluginFailureException.class, e -> {
            assertThat(e.pluginMessage()).isEqualTo("validation failed: field x");
            assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_ERROR);
        });
        assertThatThrownBy(() -> call("fail_no_message", "")).isInstanceOfSatisfying(PluginFailureException.class,
                e -> {
                    assertThat(e.returnCode()).isEqualTo(7);
                    assertThat(e.pluginMessage()).contains("without setting an error message");
                });
        assertThat(call("echo", "after failures")).asString(UTF_8).isEqualTo("after failures");
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aTrapIsReportedAndItsInstanceReplaced(EngineMode mode) {
        start(mode, PluginLimits.DEFAULTS.withMaxInstances(1));
        call("counter", "");
        assertThatThrownBy(() -> call("trap", "")).isInstanceOfSatisfying(PluginTrapException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.TRAP);
            assertThat(e.getMessage()).contains("abi-fixtures.trap");
        });
        assertThat(call("counter", "")).asString(UTF_8).contains("\"var\":2").contains("\"global\":1");
    }

    @Test
    void compiledTrapsNameTheWasmFunction() {
        start(EngineMode.COMPILED, PluginLimits.DEFAULTS);
        assertThatThrownBy(() -> call("trap", "")).isInstanceOfSatisfying(PluginTrapException.class,
                e -> assertThat(e.wasmFunction()).isPresent());
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aTightLoopIsStoppedAtItsDeadline(EngineMode mode) {
        start(mode, PluginLimits.DEFAULTS.withCallTimeout(Duration.ofMillis(200)));
        long started = System.nanoTime();
        assertThatThrownBy(() -> call("spin", "")).isInstanceOf(PluginTimeoutException.class)
                .hasMessageContaining("200 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(call("echo", "alive")).asString(UTF_8).isEqualTo("alive");
        assertThat(Thread.currentThread().isInterrupted()).as("the caller's interrupt flag is left clean").isFalse();
    }

    @Test
    void aConditionalBranchLoopIsStoppedInCompiledMode() {
        start(EngineMode.COMPILED, PluginLimits.DEFAULTS.withCallTimeout(Duration.ofMillis(200)));
        assertThatThrownBy(() -> call("spin_br_if", "")).isInstanceOf(PluginTimeoutException.class);
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void memoryCannotGrowPastTheLimit(EngineMode mode) {
        start(mode, PluginLimits.DEFAULTS.withMaxMemory(DataSize.ofMegabytes(8)));
        assertThat(call("grow", "2")).asString(UTF_8).isEqualTo("ok");
        // memory.grow fails at the limit; this fixture checks its allocation and says so itself
        assertThatThrownBy(() -> call("grow", "16")).isInstanceOf(PluginFailureException.class)
                .hasMessageContaining("cannot allocate 16 MiB");
        assertThat(call("grow", "2")).asString(UTF_8).isEqualTo("ok");
    }

    @Test
    void deepRecursionTrapsWithoutHurtingTheHost() {
        start(EngineMode.COMPILED, PluginLimits.DEFAULTS);
        assertThat(call("recurse", "100")).asString(UTF_8).isNotEmpty();
        assertThatThrownBy(() -> call("recurse", "100000000")).isInstanceOf(PluginTrapException.class);
        assertThat(call("echo", "alive")).asString(UTF_8).isEqualTo("alive");
    }

    @Test
    void configLogsAndHostFunctionsReachThePlugin() {
        host = PluginHost.on(FixtureHosts.builder().configOverride("colour", "teal").build());
        host.load(TestPlugins.fixture("abi-fixtures"));
        assertThat(call("config", "colour")).asString(UTF_8).isEqualTo("teal");
        assertThatThrownBy(() -> call("config", "absent")).isInstanceOf(PluginFailureException.class)
                .hasMessageContaining("absent");
        assertThat(call("log", "a line")).asString(UTF_8).isIn("0", "1", "2", "3", "4");
        assertThat(call("host_echo", "round trip")).asString(UTF_8).isEqualTo("round trip");
    }

    @Test
    void varsAreCappedInTotal() {
        start(EngineMode.COMPILED, PluginLimits.DEFAULTS.withMaxVarBytes(4096));
        assertThat(call("vars_big", "1000")).asString(UTF_8).isEqualTo("ok");
        assertThatThrownBy(() -> call("vars_big", "5000")).isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("vars");
        assertThat(call("vars_big", "2000")).asString(UTF_8).isEqualTo("ok");
    }

    @Test
    void listenersHearEveryCallWithItsOutcome() {
        List<CallEvent> events = new CopyOnWriteArrayList<>();
        host = PluginHost.on(FixtureHosts.builder().callListener(events::add).callListener(e -> {
            throw new IllegalStateException("a broken listener changes nothing");
        }).build());
        host.load(TestPlugins.fixture("abi-fixtures"));
        call("echo", "12345");
        assertThatThrownBy(() -> call("fail", "")).isInstanceOf(PluginFailureException.class);
        assertThatThrownBy(() -> call("trap", "")).isInstanceOf(PluginTrapException.class);
        assertThatThrownBy(() -> call("nope", "")).isInstanceOf(PluginNotFoundException.class);

        assertThat(events).extracting(CallEvent::function, CallEvent::outcome).containsExactly(
                tuple("echo", "success"), tuple("fail", "plugin-error"), tuple("trap", "trap"),
                tuple("nope", "not-found"));
        assertThat(events.get(0).outputBytes()).isEqualTo(5);
        assertThat(events.get(0).version()).isEqualTo("0.1.0");
    }

    @Test
    void theVersionsStatisticsCountWhatTheListenersHear() {
        List<CallEvent> events = new CopyOnWriteArrayList<>();
        host = PluginHost.on(FixtureHosts.builder().limits(PluginLimits.DEFAULTS.withMaxInputBytes(64)).callListener(events::add)
                .build());
        host.load(TestPlugins.fixture("abi-fixtures"));
        call("echo", "12345");
        call("echo", "67890");
        assertThatThrownBy(() -> call("fail", "")).isInstanceOf(PluginFailureException.class);
        assertThatThrownBy(() -> call("trap", "")).isInstanceOf(PluginTrapException.class);
        assertThatThrownBy(() -> call("nope", "")).isInstanceOf(PluginNotFoundException.class);
        assertThatThrownBy(() -> call("echo", "x".repeat(65))).isInstanceOf(PayloadTooLargeException.class);

        CallStats.Snapshot figures = host.loaded("abi-fixtures").orElseThrow().callStats().snapshot();
        assertThat(figures.calls()).isEqualTo(events.size()).isEqualTo(6);
        assertThat(figures.failures()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(ErrorCode.PLUGIN_ERROR, 1L,
                ErrorCode.TRAP, 1L, ErrorCode.NOT_FOUND, 1L, ErrorCode.TOO_LARGE, 1L));
        assertThat(figures.measuredCalls()).as("echo twice, fail, trap").isEqualTo(4);
        long measuredNanos = events.stream().filter(e -> e.error().map(CallStats::measured).orElse(true))
                .mapToLong(e -> e.elapsed().toNanos()).sum();
        assertThat(figures.mean()).as("the listeners get the very time the statistics counted")
                .isEqualTo(Duration.ofNanos(measuredNanos / 4));
        assertThat(figures.recentFailures()).extracting(CallStats.Failure::function, CallStats.Failure::elapsed)
                .containsExactly(tuple("echo", events.get(5).elapsed()), tuple("nope", events.get(4).elapsed()),
                        tuple("trap", events.get(3).elapsed()), tuple("fail", events.get(2).elapsed()));
    }

    @Test
    void outputsAreCapped() {
        start(EngineMode.COMPILED, PluginLimits.DEFAULTS.withMaxOutputBytes(100));
        assertThat(call("echo", "x".repeat(100))).hasSize(100);
        assertThatThrownBy(() -> call("echo", "x".repeat(101))).isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("output");
    }

    @Test
    void callersGetBusyWhenEveryInstanceStaysTaken() throws Exception {
        start(EngineMode.COMPILED, PluginLimits.DEFAULTS.withMaxInstances(1)
                .withCallTimeout(Duration.ofSeconds(2)).withAcquireTimeout(Duration.ofMillis(100)));
        CompletableFuture<Throwable> spinning = CompletableFuture.supplyAsync(() -> {
            try {
                call("spin", "");
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        Thread.sleep(300);
        assertThatThrownBy(() -> call("echo", "me too")).isInstanceOf(PluginBusyException.class)
                .hasMessageContaining("1 instances");
        assertThat(spinning.get(10, TimeUnit.SECONDS)).isInstanceOf(PluginTimeoutException.class);
        assertThat(call("echo", "my turn")).asString(UTF_8).isEqualTo("my turn");
    }
}
