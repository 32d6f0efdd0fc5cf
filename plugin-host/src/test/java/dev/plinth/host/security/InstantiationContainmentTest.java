package dev.plinth.host.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.api.error.PluginTimeoutException;
import dev.plinth.api.error.PluginTrapException;
import dev.plinth.api.error.StackExhaustedException;
import dev.plinth.host.EngineMode;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.host.testing.HostWorkProbe.Figures;
import dev.plinth.host.testing.HostWorkProbe;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.testing.TestPlugins;
import dev.plinth.testing.Wat;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile modules against instantiation (sample-plugins/hostile/init): a start section or an
 * {@code _initialize} that never returns, recurses, or calls the host in a loop; and an exported
 * {@code _start} that never returns, which as in Extism is not part of instantiation but a plugin
 * function, stopped by its call's deadline. Instantiation runs under the deadline and the fuel budget, so each ends in a typed error
 * and an audit entry within the deadline and two seconds, in both engine modes, with text-transformer
 * answering from another thread meanwhile and afterwards; and a version whose later instances
 * cannot be made is listed failed and refuses calls at once instead of repeating the attempt.
 */
class InstantiationContainmentTest {
    private static final Duration DEADLINE = Duration.ofMillis(300);
    /** How far past the deadline an attack may end: the watchdog's lateness and a slow machine. */
    private static final Duration SLACK = Duration.ofSeconds(2);
    private static final PluginLimits LIMITS = PluginLimits.DEFAULTS.withCallTimeout(DEADLINE);

    @TempDir
    Path plugins;

    private final HostWorkProbe probe = new HostWorkProbe();

    /** One module whose first instance, made at load, never initializes. */
    record LoadAttack(String module, String phase, Class<? extends PluginException> error, ErrorCode code,
            String limit) {
        @Override
        public String toString() {
            return module + " (" + phase + ") -> " + code;
        }
    }

    static Stream<Arguments> loadAttacks() {
        List<LoadAttack> attacks = List.of(
                new LoadAttack("start-loop", "<start>", PluginTimeoutException.class, ErrorCode.TIMEOUT, "timeout"),
                new LoadAttack("start-host-loop", "<start>", PluginTimeoutException.class, ErrorCode.TIMEOUT,
                        "timeout"),
                new LoadAttack("initialize-loop", "_initialize", PluginTimeoutException.class, ErrorCode.TIMEOUT,
                        "timeout"),
                new LoadAttack("initialize-recurse", "_initialize", StackExhaustedException.class, ErrorCode.TRAP,
                        "call stack"));
        return Stream.of(EngineMode.values()).flatMap(mode -> attacks.stream().map(a -> Arguments.of(mode, a)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("loadAttacks")
    void aFirstInstanceThatNeverInitializesFailsTheLoadAtTheDeadlineAndIsAudited(EngineMode mode, LoadAttack attack)
            throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).limits(LIMITS).build())) {
            assertThat(host.load(TestPlugins.sample("text-transformer")).status()).isEqualTo(PluginStatus.ACTIVE);
            Path module = Wat.write(plugins, attack.module(), TestPlugins.hostileWat("init/" + attack.module() + ".wat"));

            AtomicReference<VersionInfo> loaded = new AtomicReference<>();
            Figures figures;
            WellBehavedCaller caller = WellBehavedCaller.start(host);
            try (caller) {
                figures = probe.measure(attack.module() + " at load (" + mode + ")", DEADLINE,
                        () -> loaded.updateAndGet(x -> host.load(module)));
            }
            System.out.println("host-work: " + caller);

            VersionInfo info = loaded.get();
            assertThat(info.status()).isEqualTo(PluginStatus.FAILED);
            assertThat(info.lastError()).hasValueSatisfying(e -> {
                assertThat(e.code()).isEqualTo(attack.code());
                assertThat(e.message()).contains(attack.module() + "." + attack.phase());
            });
            assertThat(figures.elapsed()).isLessThan(DEADLINE.plus(SLACK));
            if (attack.code() == ErrorCode.TIMEOUT) {
                assertThat(figures.elapsed()).isGreaterThanOrEqualTo(DEADLINE);
            }
            assertThat(host.auditLog().recent(attack.module(), 10)).singleElement().satisfies(entry -> {
                assertThat(entry.what()).isEqualTo(attack.code());
                assertThat(entry.action()).isEqualTo(AuditAction.STOPPED);
                assertThat(entry.resource())
                        .isEqualTo(attack.module() + ".wasm " + attack.phase() + " (" + attack.limit() + ")");
            });
            assertThatThrownBy(() -> host.call(attack.module(), "run", new byte[0]))
                    .isInstanceOf(PluginNotFoundException.class).hasMessageContaining("failed to load");

            assertThat(caller.failures()).isEmpty();
            assertThat(caller.answered()).isPositive();
            assertThat(host.call("text-transformer", "transform", "after".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("AFTER");
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aCommandsStartThatNeverReturnsLoadsAndIsStoppedByTheCallDeadline(EngineMode mode) throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).limits(LIMITS).build())) {
            assertThat(host.load(TestPlugins.sample("text-transformer")).status()).isEqualTo(PluginStatus.ACTIVE);
            Path module = Wat.write(plugins, "start-export-loop", TestPlugins.hostileWat("init/start-export-loop.wat"));
            // Extism never runs _start by itself: the load does not run the loop
            Figures load = probe.measure("start-export-loop at load (" + mode + ")", DEADLINE, () -> host.load(module));
            assertThat(load.failure()).isNull();
            assertThat(host.find("start-export-loop").orElseThrow().status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.call("start-export-loop", "run", new byte[0])).isEmpty();

            Figures figures;
            WellBehavedCaller caller = WellBehavedCaller.start(host);
            try (caller) {
                figures = probe.measure("start-export-loop _start (" + mode + ")", DEADLINE,
                        () -> host.call("start-export-loop", "_start", new byte[0]));
            }
            assertThat(figures.failure()).isInstanceOfSatisfying(PluginTimeoutException.class, e ->
                    assertThat(e.getMessage()).contains("start-export-loop._start ran past its deadline"));
            assertThat(figures.elapsed()).isBetween(DEADLINE, DEADLINE.plus(SLACK));
            assertThat(host.auditLog().recent("start-export-loop", 10)).singleElement().satisfies(entry -> {
                assertThat(entry.what()).isEqualTo(ErrorCode.TIMEOUT);
                assertThat(entry.action()).isEqualTo(AuditAction.STOPPED);
                assertThat(entry.resource()).isEqualTo("_start (cpu-time 300ms)");
            });
            assertThat(caller.failures()).isEmpty();
            assertThat(caller.answered()).isPositive();
            assertThat(host.call("start-export-loop", "run", new byte[0])).isEmpty();
            assertThat(host.call("text-transformer", "transform", "after".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("AFTER");
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void anInitializeThatSpendsTheFuelBudgetIsFuelExhaustedNotATrap(EngineMode mode) throws IOException {
        PluginLimits patient = PluginLimits.DEFAULTS.withCallTimeout(Duration.ofSeconds(60));
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).limits(patient).fuel(5_000_000).build())) {
            Path module = Wat.write(plugins, "initialize-loop", TestPlugins.hostileWat("init/initialize-loop.wat"));
            Figures figures = probe.measure("initialize-loop with 5M fuel (" + mode + ")", Duration.ofSeconds(60),
                    () -> host.load(module));
            assertThat(host.find("initialize-loop")).hasValueSatisfying(info -> {
                assertThat(info.status()).isEqualTo(PluginStatus.FAILED);
                assertThat(info.lastError().orElseThrow().code()).isEqualTo(ErrorCode.FUEL_EXHAUSTED);
                assertThat(info.lastError().orElseThrow().message()).contains("5000000").contains("_initialize");
            });
            assertThat(figures.elapsed()).isLessThan(Duration.ofSeconds(30));
            assertThat(host.auditLog().recent("initialize-loop", 10)).singleElement().satisfies(entry -> {
                assertThat(entry.what()).isEqualTo(ErrorCode.FUEL_EXHAUSTED);
                assertThat(entry.action()).isEqualTo(AuditAction.STOPPED);
                assertThat(entry.resource()).isEqualTo("initialize-loop.wasm _initialize (fuel-exhausted)");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void anInitializeThatAlwaysTrapsFailsTheLoadWithTheTrap(EngineMode mode) throws IOException {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).limits(LIMITS).build())) {
            Path module = Wat.write(plugins, "initialize-trap", TestPlugins.hostileWat("init/initialize-trap.wat"));
            VersionInfo info = host.load(module);
            assertThat(info.status()).isEqualTo(PluginStatus.FAILED);
            assertThat(info.lastError().orElseThrow().code()).isEqualTo(ErrorCode.TRAP);
            assertThat(info.lastError().orElseThrow().message()).contains("initialize-trap._initialize trapped");
            assertThat(host.auditLog().recent("initialize-trap", 10)).as("the plugin's own trap").isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void laterInstancesThatTrapMakeTheVersionFailedAndCallsFailFastUntilOneCanBeMadeAgain(EngineMode mode)
            throws Exception {
        InstanceGate gate = new InstanceGate();
        try (PluginHost host = gatedHost(mode, gate)) {
            Path plugin = gatedPlugin("trap-after-first");
            assertThat(host.load(plugin).status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.call("trap-after-first", "run", new byte[0])).isEmpty();
            assertThatThrownBy(() -> host.call("trap-after-first", "crash", new byte[0]))
                    .isInstanceOf(PluginTrapException.class);

            assertThatThrownBy(() -> host.call("trap-after-first", "run", new byte[0]))
                    .isInstanceOf(PluginTrapException.class).hasMessageContaining("trap-after-first._initialize");
            assertThat(host.find("trap-after-first")).hasValueSatisfying(info -> {
                assertThat(info.status()).isEqualTo(PluginStatus.FAILED);
                assertThat(info.lastError().orElseThrow().code()).isEqualTo(ErrorCode.TRAP);
                assertThat(info.lastError().orElseThrow().message()).contains("_initialize");
            });

            long started = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                assertThatThrownBy(() -> host.call("trap-after-first", "run", new byte[0]))
                        .isInstanceOf(PluginNotFoundException.class)
                        .hasMessageContaining("cannot make an instance")
                        .hasMessageContaining("[trap]");
            }
            Duration fastFails = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf("host-work: trap-after-first (%s): 200 refused calls in %d ms, %d instances tried%n",
                    mode, fastFails.toMillis(), gate.calls());
            assertThat(gate.calls()).as("instances tried: the good one, the failed one, at most one retry")
                    .isBetween(2, 3);
            assertThat(host.loaded("trap-after-first").orElseThrow().busyInstances()).isZero();
            assertThat(host.call("text-transformer", "transform", "serving".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("SERVING");

            gate.open();
            Thread.sleep(700);
            assertThat(host.call("trap-after-first", "run", new byte[0])).isEmpty();
            assertThat(host.find("trap-after-first").orElseThrow().status()).isEqualTo(PluginStatus.ACTIVE);
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void laterInstancesThatHangTimeOutOnceThenCallsFailFastAndNothingSpins(EngineMode mode) throws Exception {
        InstanceGate gate = new InstanceGate();
        try (PluginHost host = gatedHost(mode, gate)) {
            Path plugin = gatedPlugin("hang-after-first");
            assertThat(host.load(plugin).status()).isEqualTo(PluginStatus.ACTIVE);
            assertThatThrownBy(() -> host.call("hang-after-first", "crash", new byte[0]))
                    .isInstanceOf(PluginTrapException.class);
            int auditedBefore = host.auditLog().recent("hang-after-first", 100).size();

            Figures figures;
            WellBehavedCaller caller = WellBehavedCaller.start(host);
            try (caller) {
                figures = probe.measure("hang-after-first on demand (" + mode + ")", DEADLINE,
                        () -> host.call("hang-after-first", "run", new byte[0]));
            }
            System.out.println("host-work: " + caller);
            assertThat(figures.failure()).isInstanceOfSatisfying(PluginTimeoutException.class, e ->
                    assertThat(e.getMessage()).contains("hang-after-first._initialize ran past its deadline"));
            assertThat(figures.elapsed()).isBetween(DEADLINE, DEADLINE.plus(SLACK));
            List<AuditEntry> entries = host.auditLog().recent("hang-after-first", 100);
            assertThat(entries.subList(auditedBefore, entries.size())).singleElement().satisfies(entry -> {
                assertThat(entry.what()).isEqualTo(ErrorCode.TIMEOUT);
                assertThat(entry.action()).isEqualTo(AuditAction.STOPPED);
                assertThat(entry.resource()).isEqualTo("_initialize (cpu-time 300ms)");
            });
            assertThat(caller.failures()).isEmpty();
            assertThat(caller.answered()).isPositive();

            // four callers at once, fifty calls each: refused at once, never busy, next to no CPU
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            ExecutorService callers = Executors.newFixedThreadPool(4);
            try {
                List<Future<long[]>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    results.add(callers.submit(() -> {
                        long cpu = threads.getCurrentThreadCpuTime();
                        long refused = 0;
                        for (int i = 0; i < 50; i++) {
                            try {
                                host.call("hang-after-first", "run", new byte[0]);
                            } catch (PluginNotFoundException e) {
                                refused++;
                            }
                        }
                        return new long[] {refused, threads.getCurrentThreadCpuTime() - cpu};
                    }));
                }
                long cpuNanos = 0;
                for (Future<long[]> result : results) {
                    long[] figuresOfOne = result.get();
                    assertThat(figuresOfOne[0]).as("refused calls of one caller").isEqualTo(50);
                    cpuNanos += figuresOfOne[1];
                }
                System.out.printf("host-work: hang-after-first (%s): 200 refused calls cost the callers %d ms of CPU;"
                        + " %d instances tried%n", mode, cpuNanos / 1_000_000, gate.calls());
                assertThat(Duration.ofNanos(cpuNanos)).isLessThan(DEADLINE);
            } finally {
                callers.shutdownNow();
            }
            assertThat(gate.calls()).isBetween(2, 3);
            assertThat(host.loaded("hang-after-first").orElseThrow().busyInstances()).isZero();
            assertThat(host.find("hang-after-first").orElseThrow().status()).isEqualTo(PluginStatus.FAILED);
            assertThat(host.call("text-transformer", "transform", "after".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("AFTER");
        }
    }

    private static PluginHost gatedHost(EngineMode mode, InstanceGate gate) {
        PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).limits(LIMITS).hostFunction(gate)
                .grant("trap-after-first", PluginGrant.builder().hostFunction(InstanceGate.NAME).build())
                .grant("hang-after-first", PluginGrant.builder().hostFunction(InstanceGate.NAME).build())
                .build());
        assertThat(host.load(TestPlugins.sample("text-transformer")).status()).isEqualTo(PluginStatus.ACTIVE);
        return host;
    }

    /** A plugin folder for {@code initialize-<name>.wat}, asking for the gate. */
    private Path gatedPlugin(String name) throws IOException {
        Path dir = Files.createDirectories(plugins.resolve(name));
        Files.write(dir.resolve("module.wasm"),
                Wat.assemble(TestPlugins.hostileWat("init/initialize-" + name + ".wat")));
        Files.writeString(dir.resolve("plugin.toml"), """
                [plugin]
                name = "%s"
                version = "0.1.0"
                entrypoint = "module.wasm"
                host-api = ">=1.0.0, <2.0.0"

                [permissions]
                host-functions = ["%s"]
                """.formatted(name, InstanceGate.NAME).toLowerCase(Locale.ROOT));
        return dir;
    }
}
