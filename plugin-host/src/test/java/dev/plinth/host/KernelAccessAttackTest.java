package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.FuelExhaustedException;
import dev.plinth.api.error.MemoryLimitException;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.error.PluginTimeoutException;
import dev.plinth.host.testing.HostWorkProbe;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditLog;
import dev.plinth.testing.LogCapture;
import dev.plinth.testing.Wat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A hostile guest against the Extism kernel now that it behaves as Extism's does (issue 12): loads
 * outside the memory read 0 and stores there are dropped instead of stopping the call, so a guest
 * can hammer them in a loop. It is still stopped by its fuel or its deadline, with one audit entry
 * and no log line per access; its allocations are still capped by the kernel memory limit (tiny
 * blocks included, whose bookkeeping is paid for); its own {@code reset} in a loop makes the host
 * allocate nothing; a call never reads what an earlier call left in the memory; and the host keeps
 * serving.
 */
class KernelAccessAttackTest {
    private static final String PLUGIN = "prober";

    private static final String PROBER = "(module\n" + ExtismKernelGuests.ALL_IMPORTS + ExtismKernelGuests.HELPERS
            + """
              (func (export "ok") (result i32)
                (call $output_set (call $block (i32.const 80) (i32.const 3)) (i64.const 3))
                (i32.const 0))

              (func (export "hammer") (result i32)
                (loop $forever
                  (drop (call $load_u64 (i64.const -1)))
                  (drop (call $load_u8 (i64.const 0x7FFFFFFFFFFFFFFF)))
                  (drop (call $input_load_u64 (i64.const 0x100000000)))
                  (drop (call $input_load_u8 (i64.const -1)))
                  (call $store_u64 (i64.const 0x100000000) (i64.const -1))
                  (call $store_u8 (i64.const 1) (i32.const 1))
                  (call $output_set (i64.const -16) (i64.const 1024))
                  (call $error_set (i64.const 0x100000000))
                  (call $input_set (i64.const 0x7FFFFFFFFFFFFFF0) (i64.const 0x7FFFFFFFFFFFFFF0))
                  (br $forever))
                (i32.const 0))

              (func (export "tiny_blocks") (result i32)
                (loop $forever
                  (drop (call $alloc (i64.const 1)))
                  (br $forever))
                (i32.const 0))

              (func (export "big_blocks") (result i32)
                (loop $forever
                  (drop (call $alloc (i64.const 0x800000)))
                  (br $forever))
                (i32.const 0))

              (func (export "reset_loop") (result i32)
                (loop $forever
                  (drop (call $alloc (i64.const 0x2000000)))
                  (call $reset)
                  (br $forever))
                (i32.const 0))

              ;; leaves a secret in a block, beside the call's input
              (func (export "stash") (result i32) (local $p i64) (local $i i64)
                (local.set $p (call $alloc (i64.const 4096)))
                (loop $fill
                  (call $store_u64 (i64.add (local.get $p) (local.get $i)) (i64.const 0x2154455243455321))
                  (local.set $i (i64.add (local.get $i) (i64.const 8)))
                  (br_if $fill (i64.lt_u (local.get $i) (i64.const 4096))))
                (i32.const 0))

              ;; ORs every word it can reach: a fresh block where the last call's input and secret were,
              ;; the memory around it, and past its (empty) input
              (func (export "peek") (result i32) (local $p i64) (local $i i64) (local $seen i64)
                (local.set $p (call $alloc (i64.const 8192)))
                (loop $scan
                  (local.set $seen (i64.or (local.get $seen) (call $load_u64 (i64.add (local.get $p) (local.get $i)))))
                  (local.set $seen (i64.or (local.get $seen) (call $input_load_u64 (local.get $i))))
                  (local.set $i (i64.add (local.get $i) (i64.const 8)))
                  (br_if $scan (i64.lt_u (local.get $i) (i64.const 16384))))
                (local.set $i (i64.const 0))
                (loop $low
                  (local.set $seen (i64.or (local.get $seen) (call $load_u64 (local.get $i))))
                  (local.set $i (i64.add (local.get $i) (i64.const 1)))
                  (br_if $low (i64.lt_u (local.get $i) (i64.const 16))))
                (call $begin)
                (call $emit (local.get $seen))
                (call $done))
            )
            """;

    @TempDir
    Path plugins;
    private PluginHost host;
    private final AuditLog audit = new AuditLog(100);
    private LogCapture pluginLog;
    private LogCapture auditLog;

    @BeforeEach
    void capture() throws Exception {
        Wat.write(plugins, PLUGIN, PROBER);
        pluginLog = LogCapture.of("plinth.plugin." + PLUGIN, Level.TRACE);
        auditLog = LogCapture.of(AuditLog.LOGGER, Level.TRACE);
    }

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
        pluginLog.close();
        auditLog.close();
    }

    private void start(PluginEngine.Builder builder) {
        host = PluginHost.on(builder.auditLog(audit).build());
        host.loadAll(plugins);
    }

    /** Exactly one audit entry, stopped, with {@code code}; one audit line; no plugin log line; still serving. */
    private void containedOnce(PluginException failure, ErrorCode code) {
        containedOnce(failure, code, null);
    }

    private void containedOnce(PluginException failure, ErrorCode code, String resource) {
        assertThat(failure.code()).as(failure.getMessage()).isEqualTo(code);
        assertThat(audit.recent(PLUGIN, 100)).singleElement().satisfies(e -> {
            assertThat(e.what()).isEqualTo(code);
            assertThat(e.action()).isEqualTo(AuditAction.STOPPED);
            if (resource != null) {
                assertThat(e.resource()).isEqualTo(resource);
            }
        });
        assertThat(auditLog.events()).hasSize(1);
        assertThat(pluginLog.events()).as("no log line per access").isEmpty();
        assertThat(host.call(PLUGIN, "ok", new byte[0])).asString(UTF_8).isEqualTo("abc");
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void hammeringOutOfBoundsAccessIsStoppedByFuel(EngineMode mode) {
        start(PluginEngine.builder().engine(mode).fuel(5_000_000)
                .limits(PluginLimits.DEFAULTS.withCallTimeout(Duration.ofSeconds(30))));
        assertThatThrownBy(() -> host.call(PLUGIN, "hammer", "in".getBytes(UTF_8)))
                .isInstanceOfSatisfying(FuelExhaustedException.class,
                        e -> containedOnce(e, ErrorCode.FUEL_EXHAUSTED, "hammer"));
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void hammeringOutOfBoundsAccessIsStoppedByTheDeadline(EngineMode mode) {
        Duration deadline = Duration.ofMillis(300);
        start(PluginEngine.builder().engine(mode).limits(PluginLimits.DEFAULTS.withCallTimeout(deadline)));
        HostWorkProbe.Figures figures = new HostWorkProbe().measure("out-of-bounds loads and stores (" + mode + ")",
                deadline, () -> host.call(PLUGIN, "hammer", "in".getBytes(UTF_8)));
        assertThat(figures.failure()).isInstanceOfSatisfying(PluginTimeoutException.class,
                e -> containedOnce(e, ErrorCode.TIMEOUT, "hammer (cpu-time 300ms)"));
        assertThat(figures.pastDeadline()).isLessThan(Duration.ofSeconds(2));
    }

    /**
     * Each block costs the limit its bookkeeping: 64 MiB of one-byte blocks would otherwise be eight
     * million of them, over a gigabyte of the host's heap in maps and boxed offsets.
     */
    @Test
    void millionsOfTinyBlocksHitTheKernelMemoryLimitNotTheHostsHeap() {
        start(PluginEngine.builder());
        HostWorkProbe.Figures figures = new HostWorkProbe().measure("alloc(1) until the limit",
                PluginLimits.DEFAULTS.callTimeout(), () -> host.call(PLUGIN, "tiny_blocks", new byte[0]));
        assertThat(figures.failure()).isInstanceOfSatisfying(MemoryLimitException.class, e -> {
            assertThat(e.getMessage()).contains("Extism memory").contains("bookkeeping");
            containedOnce(e, ErrorCode.MEMORY_LIMIT, "tiny_blocks (kernel memory 64MB)");
        });
        assertThat(figures.peakHeapBytes()).isLessThan(512L << 20);
    }

    @Test
    void bigBlocksHitTheKernelMemoryLimit() {
        start(PluginEngine.builder().limits(PluginLimits.DEFAULTS.withMaxKernelBytes(32L << 20)));
        assertThatThrownBy(() -> host.call(PLUGIN, "big_blocks", new byte[0]))
                .isInstanceOfSatisfying(MemoryLimitException.class, e -> {
                    assertThat(e.getMessage()).contains("more than " + (32L << 20) + " bytes of Extism memory");
                    containedOnce(e, ErrorCode.MEMORY_LIMIT, "big_blocks (kernel memory 32MB)");
                });
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void theGuestsOwnResetInALoopAllocatesNothingNewAndIsStopped(EngineMode mode) {
        Duration deadline = Duration.ofMillis(500);
        start(PluginEngine.builder().engine(mode).limits(PluginLimits.DEFAULTS.withCallTimeout(deadline)));
        HostWorkProbe.Figures figures = new HostWorkProbe().measure("alloc(32 MiB) and reset in a loop (" + mode + ")",
                deadline, () -> host.call(PLUGIN, "reset_loop", new byte[0]));
        assertThat(figures.failure()).isInstanceOfSatisfying(PluginTimeoutException.class,
                e -> containedOnce(e, ErrorCode.TIMEOUT));
        assertThat(figures.pastDeadline()).isLessThan(Duration.ofSeconds(2));
        assertThat(figures.peakHeapBytes()).isLessThan(512L << 20);
    }

    @Test
    void theGuestsOwnResetIsPaidForInFuel() {
        start(PluginEngine.builder().fuel(50_000_000).limits(PluginLimits.DEFAULTS.withCallTimeout(Duration.ofSeconds(30))));
        assertThatThrownBy(() -> host.call(PLUGIN, "reset_loop", new byte[0]))
                .isInstanceOfSatisfying(FuelExhaustedException.class,
                        e -> containedOnce(e, ErrorCode.FUEL_EXHAUSTED));
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aCallNeverReadsWhatAnEarlierCallLeftInTheMemory(EngineMode mode) {
        start(PluginEngine.builder().engine(mode).limits(PluginLimits.DEFAULTS.withMaxInstances(1)));
        host.call(PLUGIN, "stash", "the first caller's secret input, long enough to matter".repeat(40).getBytes(UTF_8));
        byte[] out = host.call(PLUGIN, "peek", new byte[0]);
        assertThat(ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).getLong()).as("every word it reached").isZero();
        assertThat(audit.recent(PLUGIN, 10)).isEmpty();
    }
}
