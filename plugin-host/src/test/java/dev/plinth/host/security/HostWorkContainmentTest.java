package dev.plinth.host.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.plinth.api.CallRequest;
import dev.plinth.api.CallResult;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.FuelExhaustedException;
import dev.plinth.api.error.PluginTimeoutException;
import dev.plinth.host.EngineMode;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.host.testing.HostWorkProbe;
import dev.plinth.testing.TestPlugins;
import dev.plinth.sandbox.fs.FileMount;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile {@code wasi-hog} plugin against the host work that WASI does for a call: each attack
 * that would keep the host busy ends at the call's deadline as {@code timeout} (or at the fuel
 * budget as {@code fuel-exhausted}), audited, with the host's heap bounded whatever length the guest
 * asked for, and text-transformer answers from another thread while it runs and afterwards. Reads
 * of stdin cost nothing, whatever length is asked for, also three at once. The figures (time past
 * the deadline, peak heap) are printed by {@link HostWorkProbe}.
 */
class HostWorkContainmentTest {
    private static final String HOG = "wasi-hog";
    private static final Duration DEADLINE = Duration.ofSeconds(1);
    /** Generous: the deadline fires within milliseconds, the rest is a busy machine. */
    private static final Duration LATE = Duration.ofSeconds(2);
    /**
     * The guest's own memory (at most 64 MiB, the default limit) is on the heap too, and the probe's
     * peak counts garbage not yet collected; what the host allocates must not scale with the lengths
     * asked for (2 GiB here).
     */
    private static final long HEAP_BOUND = 1L << 30;
    private static final long SPARSE_FILE = 3L << 30;

    @TempDir
    Path tmp;
    Path data;
    PluginHost host;

    @BeforeEach
    void files() throws IOException {
        data = Files.createDirectories(tmp.toRealPath().resolve("data"));
        try (RandomAccessFile sparse = new RandomAccessFile(data.resolve("sparse.bin").toFile(), "rw")) {
            sparse.setLength(SPARSE_FILE);
        }
    }

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    private void start(EngineMode mode, long fuel) {
        start(mode, fuel, DEADLINE);
    }

    private void start(EngineMode mode, long fuel, Duration deadline) {
        PluginEngine.Builder builder = PluginEngine.builder().engine(mode)
                .limits(PluginLimits.DEFAULTS.withCallTimeout(deadline))
                .fileMounts(manifest -> manifest.name().equals(HOG) ? List.of(FileMount.read(data)) : List.of());
        host = PluginHost.on((fuel > 0 ? builder.fuel(fuel) : builder).build());
        assertThat(host.load(TestPlugins.hostile(HOG)).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(host.load(TestPlugins.sample("text-transformer")).status()).isEqualTo(PluginStatus.ACTIVE);
    }

    /** One attack that the deadline must stop: the export, its input and the engine mode. */
    record Attack(String export, String input, EngineMode mode) {
        @Override
        public String toString() {
            return export + "(" + input.replace('\n', ' ') + ") " + mode.name().toLowerCase(Locale.ROOT);
        }
    }

    static Stream<Attack> deadlineAttacks() {
        return Stream.of(
                new Attack("stdout_flood", "4096", EngineMode.COMPILED),
                new Attack("stdout_flood", "4096", EngineMode.INTERPRETED),
                new Attack("stdin_spin", "2147483647", EngineMode.COMPILED),
                new Attack("stdin_spin", "2147483647", EngineMode.INTERPRETED),
                new Attack("file_read", "sparse.bin\n64\n33554432", EngineMode.COMPILED),
                new Attack("file_read", "sparse.bin\n64\n33554432", EngineMode.INTERPRETED),
                new Attack("file_read", "sparse.bin\n1\n2147483647", EngineMode.COMPILED),
                new Attack("random_flood", "", EngineMode.COMPILED),
                new Attack("sleep", "", EngineMode.COMPILED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deadlineAttacks")
    void theHostsWorkForACallEndsAtItsDeadline(Attack attack) throws Exception {
        start(attack.mode(), 0);
        int atLoad = host.auditLog().recent(HOG, 100).size();

        HostWorkProbe.Figures figures = duringTraffic(() -> new HostWorkProbe().measure(HOG + " " + attack, DEADLINE,
                () -> host.call(HOG, attack.export(), attack.input().getBytes(UTF_8))));

        assertThat(figures.failure()).isInstanceOfSatisfying(PluginTimeoutException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
        assertThat(figures.pastDeadline()).as("ended soon after the deadline").isLessThan(LATE);
        assertThat(figures.pastDeadline()).as("the deadline stopped it").isGreaterThan(Duration.ofMillis(-50));
        assertThat(figures.peakHeapBytes()).as("peak heap").isLessThan(HEAP_BOUND);
        List<AuditEntry> entries = host.auditLog().recent(HOG, 100);
        assertThat(entries.subList(atLoad, entries.size())).singleElement().satisfies(e -> {
            assertThat(e.what()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(e.resource()).isEqualTo(attack.export() + " (cpu-time 1s)");
            assertThat(e.action()).isEqualTo(AuditAction.STOPPED);
        });
        stillServing();
    }

    @Test
    void aMeteredFloodOfStdoutIsChargedPerByteAndStoppedByItsFuel() throws Exception {
        Duration patient = Duration.ofSeconds(20);
        start(EngineMode.COMPILED, 60_000_000, patient);
        CallResult one = host.call(CallRequest.of(HOG, "stdout_flood", "1".getBytes(UTF_8)));
        CallResult two = host.call(CallRequest.of(HOG, "stdout_flood", "2".getBytes(UTF_8)));
        assertThat(two.output()).asString(UTF_8).isEqualTo("wrote 67108864 bytes, errno 0");
        long perIovec = two.fuel().orElseThrow() - one.fuel().orElseThrow();
        assertThat(perIovec).as("another 32 MiB to stdout costs a unit per 8 bytes (the guest does the same either way)")
                .isCloseTo(32L << 20 >> 3, within(10_000L));

        HostWorkProbe.Figures figures = duringTraffic(() -> new HostWorkProbe().measure(HOG + " stdout_flood metered",
                patient, () -> host.call(HOG, "stdout_flood", "4096".getBytes(UTF_8))));

        assertThat(figures.failure()).isInstanceOfSatisfying(FuelExhaustedException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.FUEL_EXHAUSTED));
        assertThat(figures.elapsed()).as("60M fuel is a handful of iovecs, not 4096").isLessThan(patient);
        assertThat(figures.peakHeapBytes()).isLessThan(HEAP_BOUND);
        assertThat(host.auditLog().recent(HOG, 100)).anySatisfy(e -> {
            assertThat(e.what()).isEqualTo(ErrorCode.FUEL_EXHAUSTED);
            assertThat(e.resource()).isEqualTo("stdout_flood");
        });
        stillServing();
    }

    @Test
    void readingStdinCostsNothingWhateverLengthIsAskedFor() throws Exception {
        start(EngineMode.COMPILED, 0);
        HostWorkProbe.Figures figures = new HostWorkProbe().measure(HOG + " stdin_read 2^31-1", DEADLINE,
                () -> new String(host.call(HOG, "stdin_read", "2147483647".getBytes(UTF_8)), UTF_8));

        assertThat(figures.failure()).isNull();
        assertThat(host.call(HOG, "stdin_read", "2147483647".getBytes(UTF_8))).asString(UTF_8)
                .isEqualTo("read 0 bytes, errno 0");
        assertThat(figures.elapsed()).isLessThan(DEADLINE);
        assertThat(figures.peakHeapBytes()).isLessThan(HEAP_BOUND);
        stillServing();
    }

    @Test
    void threeConcurrentReadsOf700MegabytesFromStdinCostNothingEither() throws Exception {
        start(EngineMode.COMPILED, 0);
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            HostWorkProbe.Figures figures = new HostWorkProbe().measure(HOG + " 3 x stdin_read 700MB", DEADLINE, () -> {
                List<Future<String>> reads = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    reads.add(callers.submit(() -> new String(host.call(HOG, "stdin_read",
                            "700000000".getBytes(UTF_8)), UTF_8)));
                }
                List<String> results = new ArrayList<>();
                for (Future<String> read : reads) {
                    try {
                        results.add(read.get());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                return results;
            });
            assertThat(figures.failure()).isNull();
            assertThat(figures.peakHeapBytes()).isLessThan(HEAP_BOUND);
        } finally {
            callers.shutdownNow();
        }
        stillServing();
    }

    /**
     * Runs {@code attack} while another thread keeps calling text-transformer, and checks that it
     * answered, correctly, while the attack ran.
     */
    private <T> T duringTraffic(Callable<T> attack) throws Exception {
        try (WellBehavedCaller caller = WellBehavedCaller.start(host)) {
            T result = attack.call();
            caller.close();
            assertThat(caller.failures()).as("text-transformer failed during the attack").isEmpty();
            assertThat(caller.answered()).as("text-transformer answered during the attack").isPositive();
            return result;
        }
    }

    private void stillServing() {
        assertThat(host.call("text-transformer", "transform", "after".getBytes(UTF_8))).asString(UTF_8)
                .isEqualTo("AFTER");
        assertThat(host.call(HOG, "ping", new byte[0])).asString(UTF_8).isEqualTo("pong");
    }
}
