package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.FuelExhaustedException;
import dev.plinth.api.error.MemoryLimitException;
import dev.plinth.api.error.PluginTimeoutException;
import dev.plinth.api.unit.DataSize;
import dev.plinth.testing.Wat;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Modules with SIMD, as GHC's wasm backend and wasi-libc built with {@code simd128} emit them:
 * Chicory's compiler refuses {@code v128}, so such a module runs in the interpreter with Plinth's
 * SIMD instructions, with the reason in {@link PluginVersion#interpreter()} and {@code inspect}; and
 * it still cannot get past its deadline, its fuel budget or its memory limit.
 */
class SimdPluginTest {
    /** Upper-cases its input 16 bytes at a time with v128 (a memcpy-like loop through a v128 local). */
    static final String SIMD_UPPER = """
            (module
              (import "extism:host/env" "input_length" (func $input_length (result i64)))
              (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
              (memory (export "memory") 1)
              (func $upper16 (param $at i32) (local $v v128) (local $lower v128)
                (local.set $v (v128.load (local.get $at)))
                ;; lanes in 'a'..'z' lose 0x20
                (local.set $lower (v128.and
                  (i8x16.ge_u (local.get $v) (i8x16.splat (i32.const 97)))
                  (i8x16.le_u (local.get $v) (i8x16.splat (i32.const 122)))))
                (v128.store (local.get $at)
                  (i8x16.sub (local.get $v) (v128.and (local.get $lower) (i8x16.splat (i32.const 32))))))
              (func (export "upper") (result i32) (local $n i32) (local $i i32) (local $out i64)
                (local.set $n (i32.wrap_i64 (call $input_length)))
                (block $read (loop $next
                  (br_if $read (i32.ge_u (local.get $i) (local.get $n)))
                  (i32.store8 (local.get $i) (call $input_load_u8 (i64.extend_i32_u (local.get $i))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $next)))
                (local.set $i (i32.const 0))
                (block $done (loop $chunk
                  (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                  (call $upper16 (local.get $i))
                  (local.set $i (i32.add (local.get $i) (i32.const 16)))
                  (br $chunk)))
                (local.set $out (call $alloc (i64.extend_i32_u (local.get $n))))
                (local.set $i (i32.const 0))
                (block $written (loop $byte
                  (br_if $written (i32.ge_u (local.get $i) (local.get $n)))
                  (call $store_u8 (i64.add (local.get $out) (i64.extend_i32_u (local.get $i)))
                    (i32.load8_u (local.get $i)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $byte)))
                (call $output_set (local.get $out) (i64.extend_i32_u (local.get $n)))
                (i32.const 0))
              (func (export "spin") (result i32) (local $v v128)
                (loop $forever
                  (local.set $v (i32x4.add (local.get $v) (i32x4.splat (i32.const 1))))
                  (br_if $forever (i32.const 1)))
                (i32.const 0))
              (func (export "hoard") (result i32)
                (loop $grow
                  (v128.store (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 16)) (v128.const i64x2 -1 -1))
                  (br_if $grow (i32.ne (memory.grow (i32.const 16)) (i32.const -1))))
                (unreachable))
            )
            """;

    @TempDir
    Path plugins;

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aSimdModuleRunsInTheInterpreterWithItsReason(EngineMode mode) throws Exception {
        Path module = Wat.write(plugins, "simd-upper", SIMD_UPPER);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).build())) {
            assertThat(host.load(module).status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.call("simd-upper", "upper", "hello, simd world! 0123456789 and more".getBytes(UTF_8)))
                    .asString(UTF_8).isEqualTo("HELLO, SIMD WORLD! 0123456789 AND MORE");
            PluginVersion plugin = host.loaded("simd-upper").orElseThrow();
            if (mode == EngineMode.COMPILED) {
                assertThat(plugin.interpreter()).hasValueSatisfying(reason -> assertThat(reason)
                        .contains("function upper16 uses SIMD (v128)").contains("runs in the interpreter"));
            } else {
                assertThat(plugin.interpreter()).isEmpty();
            }
        }
    }

    @Test
    void inspectShowsWhyASimdModuleIsInterpreted() throws Exception {
        ModuleReport report = ModuleInspector.inspect(Wat.write(plugins, "simd-upper", SIMD_UPPER));
        assertThat(report.interpreter()).hasValueSatisfying(reason -> assertThat(reason).contains("upper16"));
        assertThat(report.loadable()).isTrue();
        assertThat(ModuleInspector.inspect(Wat.write(plugins, "plain", VoidExportTest.VOID_EXPORTS)).interpreter())
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aSimdLoopIsStoppedByTheDeadline(EngineMode mode) throws Exception {
        Path module = Wat.write(plugins, "simd-upper", SIMD_UPPER);
        Duration deadline = Duration.ofMillis(300);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).limits(PluginLimits.DEFAULTS.withCallTimeout(deadline))
                .build())) {
            host.load(module);
            long started = System.nanoTime();
            assertThatThrownBy(() -> host.call("simd-upper", "spin", new byte[0]))
                    .isInstanceOf(PluginTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(deadline.plusSeconds(2));
            assertThat(host.call("simd-upper", "upper", "after".getBytes(UTF_8))).asString(UTF_8).isEqualTo("AFTER");
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aSimdLoopSpendsItsFuelBudget(EngineMode mode) throws Exception {
        Path module = Wat.write(plugins, "simd-upper", SIMD_UPPER);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode)
                .limits(PluginLimits.DEFAULTS.withCallTimeout(Duration.ofSeconds(30))).fuel(2_000_000).build())) {
            host.load(module);
            var result = host.call(dev.plinth.api.CallRequest.of("simd-upper", "upper", "metered".getBytes(UTF_8)));
            assertThat(result.output()).asString(UTF_8).isEqualTo("METERED");
            assertThat(result.fuel()).isPresent();
            assertThatThrownBy(() -> host.call("simd-upper", "spin", new byte[0]))
                    .isInstanceOf(FuelExhaustedException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aSimdModuleCannotGrowPastItsMemoryLimit(EngineMode mode) throws Exception {
        Path module = Wat.write(plugins, "simd-upper", SIMD_UPPER);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode)
                .limits(PluginLimits.DEFAULTS.withMaxMemory(DataSize.parse("2MB"))).build())) {
            host.load(module);
            assertThatThrownBy(() -> host.call("simd-upper", "hoard", new byte[0]))
                    .isInstanceOf(MemoryLimitException.class);
            assertThat(host.loaded("simd-upper").orElseThrow().peakMemoryBytes()).isLessThanOrEqualTo(2L << 20);
        }
    }
}
