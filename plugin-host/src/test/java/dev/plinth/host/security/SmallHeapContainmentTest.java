package dev.plinth.host.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.HostHeapExhaustedException;
import dev.plinth.api.host.HostCallContext;
import dev.plinth.api.host.HostFunction;
import dev.plinth.api.unit.DataSize;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real {@link OutOfMemoryError}s on a small heap: this class runs in a JVM of its own with
 * {@code -Xmx256m} (the {@code small-heap} execution in plugin-host's pom; the main test JVM skips
 * it). A granted host function that allocates without bound, called from several calls at once or
 * from {@code _initialize} at load, and plugins whose linear memory grows within their limit but
 * beyond what the heap holds: every call and load ends in a typed {@code memory-limit}
 * ({@link HostHeapExhaustedException}), audited, the instance is discarded, and the host keeps
 * serving: text-transformer answers from another thread meanwhile (or fails typed, when the heap
 * is full at that moment) and afterwards, and so does the attacker, on a fresh instance.
 */
@Tag("small-heap")
class SmallHeapContainmentTest {
    private static final long MAX_HEAP = 320L << 20;
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path plugins;

    private final HostWorkProbe probe = new HostWorkProbe();

    @BeforeAll
    static void onASmallHeap() {
        assertThat(Runtime.getRuntime().maxMemory()).as("run in the small-heap execution (-Xmx256m)")
                .isLessThanOrEqualTo(MAX_HEAP);
    }

    /** {@code allocate-forever}: keeps 4 MiB arrays until the JVM runs out of heap. */
    static final class AllocateForever implements HostFunction {
        @Override
        public String name() {
            return "allocate-forever";
        }

        @Override
        public int parameterCount() {
            return 0;
        }

        @Override
        public boolean returnsValue() {
            return false;
        }

        @Override
        public byte[] invoke(HostCallContext context, List<byte[]> arguments) {
            List<byte[]> hoard = new ArrayList<>();
            while (true) {
                hoard.add(new byte[4 << 20]);
            }
        }
    }

    private static PluginHost host(EngineMode mode, PluginLimits limits) {
        PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).limits(limits).hostFunction(new AllocateForever())
                .grant("heap-hog", PluginGrant.builder().hostFunction("allocate-forever").build())
                .grant("heap-hog-init", PluginGrant.builder().hostFunction("allocate-forever").build())
                .build());
        assertThat(host.load(TestPlugins.sample("text-transformer")).status()).isEqualTo(PluginStatus.ACTIVE);
        return host;
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aHostFunctionThatExhaustsTheHeapFromThreeCallsAtOnceIsContainedInEachOfThem(EngineMode mode)
            throws Exception {
        try (PluginHost host = host(mode, PluginLimits.DEFAULTS.withCallTimeout(DEADLINE))) {
            assertThat(host.load(heapHogPlugin("heap-hog")).status()).isEqualTo(PluginStatus.ACTIVE);
            List<Object> outcomes = new ArrayList<>();
            Figures figures;
            WellBehavedCaller caller = WellBehavedCaller.start(host);
            ExecutorService attackers = Executors.newFixedThreadPool(3);
            try (caller) {
                figures = probe.measure("heap-hog.run x3 at once (" + mode + ", -Xmx256m)", DEADLINE, () -> {
                    List<Future<Object>> calls = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        calls.add(attackers.submit(() -> {
                            try {
                                return host.call("heap-hog", "run", new byte[0]);
                            } catch (RuntimeException | Error e) {
                                return e;
                            }
                        }));
                    }
                    for (Future<Object> call : calls) {
                        try {
                            outcomes.add(call.get(60, TimeUnit.SECONDS));
                        } catch (Exception e) {
                            outcomes.add(e);
                        }
                    }
                    return null;
                });
            } finally {
                attackers.shutdownNow();
            }
            System.out.println("host-work: " + caller);

            assertThat(outcomes).hasSize(3).allSatisfy(outcome ->
                    assertThat(outcome).isInstanceOfSatisfying(HostHeapExhaustedException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MEMORY_LIMIT);
                        assertThat(e.getMessage()).contains("heap-hog.run").contains("the host ran out of Java heap");
                    }));
            assertThat(figures.elapsed()).isLessThan(DEADLINE);
            // three identical events close together: one entry that counts them (the audit log folds floods)
            assertThat(host.auditLog().recent("heap-hog", 10)).singleElement().satisfies(entry -> {
                assertThat(entry.count()).isEqualTo(3);
                assertThat(entry.what()).isEqualTo(ErrorCode.MEMORY_LIMIT);
                assertThat(entry.resource()).isEqualTo("run (host heap)");
                assertThat(entry.action()).isEqualTo(AuditAction.STOPPED);
            });
            assertThat(caller.escaped()).as("nothing but typed errors out of host.call").isEmpty();
            assertThat(caller.typedFailures()).allSatisfy(e -> assertThat(e.code()).isEqualTo(ErrorCode.MEMORY_LIMIT));
            assertThat(caller.answered()).isPositive();
            assertThat(host.call("text-transformer", "transform", "after".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("AFTER");
            assertThat(host.call("heap-hog", "ping", new byte[0])).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void anInitializeThatExhaustsTheHeapFailsTheLoadTyped(EngineMode mode) throws Exception {
        try (PluginHost host = host(mode, PluginLimits.DEFAULTS.withCallTimeout(DEADLINE))) {
            Path plugin = heapHogPlugin("heap-hog-init");
            Object[] info = new Object[1];
            Figures figures = probe.measure("heap-hog-init at load (" + mode + ", -Xmx256m)", DEADLINE,
                    () -> info[0] = host.load(plugin));
            assertThat(figures.failure()).as("nothing escapes load").isNull();
            assertThat((VersionInfo) info[0]).satisfies(loaded -> {
                assertThat(loaded.status()).isEqualTo(PluginStatus.FAILED);
                assertThat(loaded.lastError().orElseThrow().code()).isEqualTo(ErrorCode.MEMORY_LIMIT);
                assertThat(loaded.lastError().orElseThrow().message()).contains("the host ran out of Java heap")
                        .contains("_initialize");
            });
            assertThat(host.auditLog().recent("heap-hog-init", 10)).singleElement().satisfies(entry -> {
                assertThat(entry.what()).isEqualTo(ErrorCode.MEMORY_LIMIT);
                assertThat(entry.resource()).isEqualTo("heap-hog-init/module.wasm _initialize (host heap)");
                assertThat(entry.action()).isEqualTo(AuditAction.STOPPED);
            });
            assertThat(host.call("text-transformer", "transform", "after".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("AFTER");
        }
    }

    @Test
    void linearMemoryWithinItsLimitButBeyondTheHeapIsContainedWhereTheHeapRunsOut() throws Exception {
        PluginLimits generous = PluginLimits.DEFAULTS.withCallTimeout(DEADLINE).withMaxMemory(DataSize.ofMegabytes(128))
                .withMaxInstances(4);
        try (PluginHost host = host(EngineMode.COMPILED, generous)) {
            Path module = Wat.write(plugins, "memory-grower", TestPlugins.hostileWat("init/memory-grower.wat"));
            assertThat(host.load(module).status()).isEqualTo(PluginStatus.ACTIVE);
            List<Object> outcomes = new ArrayList<>();
            WellBehavedCaller caller = WellBehavedCaller.start(host);
            ExecutorService attackers = Executors.newFixedThreadPool(4);
            Figures figures;
            try (caller) {
                figures = probe.measure("memory-grower x4 at once, 100 MiB each (-Xmx256m)", DEADLINE, () -> {
                    List<Future<Object>> calls = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        calls.add(attackers.submit(() -> {
                            try {
                                return host.call("memory-grower", "run", new byte[0]);
                            } catch (RuntimeException | Error e) {
                                return e;
                            }
                        }));
                    }
                    for (Future<Object> call : calls) {
                        try {
                            outcomes.add(call.get(60, TimeUnit.SECONDS));
                        } catch (Exception e) {
                            outcomes.add(e);
                        }
                    }
                    return null;
                });
            } finally {
                attackers.shutdownNow();
            }
            outcomes.stream().filter(o -> o instanceof OutOfMemoryError).forEach(o -> ((Throwable) o).printStackTrace(System.out));
            caller.escaped().forEach(e -> e.printStackTrace(System.out));
            System.out.println("host-work: " + caller + "; outcomes " + outcomes.stream()
                    .map(o -> o instanceof Throwable t ? t.getClass().getSimpleName() : "returned").toList());

            assertThat(outcomes).hasSize(4).allSatisfy(outcome -> assertThat(outcome)
                    .satisfiesAnyOf(o -> assertThat(o).isInstanceOf(byte[].class),
                            o -> assertThat(o).isInstanceOf(HostHeapExhaustedException.class)));
            long ranOut = outcomes.stream().filter(HostHeapExhaustedException.class::isInstance).count();
            assertThat(ranOut).as("four times 100 MiB do not fit in 256 MiB").isPositive();
            List<AuditEntry> entries = host.auditLog().recent("memory-grower", 10);
            assertThat(entries).singleElement().satisfies(entry -> {
                assertThat(entry.count()).as("one event per call that ran out, folded").isEqualTo(ranOut);
                assertThat(entry.what()).isEqualTo(ErrorCode.MEMORY_LIMIT);
                assertThat(entry.resource()).isEqualTo("run (host heap)");
            });
            assertThat(figures.elapsed()).isLessThan(DEADLINE);
            assertThat(caller.escaped()).isEmpty();
            assertThat(caller.answered()).isPositive();
            host.unload("memory-grower");
            assertThat(host.call("text-transformer", "transform", "after".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("AFTER");
        }
    }

    /** A plugin folder for {@code <name>.wat}, asking for {@code allocate-forever}. */
    private Path heapHogPlugin(String name) throws IOException {
        Path dir = Files.createDirectories(plugins.resolve(name));
        Files.write(dir.resolve("module.wasm"), Wat.assemble(TestPlugins.hostileWat("init/" + name + ".wat")));
        Files.writeString(dir.resolve("plugin.toml"), """
                [plugin]
                name = "%s"
                version = "0.1.0"
                entrypoint = "module.wasm"
                host-api = ">=1.0.0, <2.0.0"

                [permissions]
                host-functions = ["allocate-forever"]
                """.formatted(name));
        return dir;
    }
}
