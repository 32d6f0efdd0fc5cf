package dev.plinth.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.CallRequest;
import dev.plinth.api.CallResult;
import dev.plinth.testing.Wat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The kernel's byte functions inlined into the module ({@code KernelInliner}) against the host's own
 * on the real Extism memory: a guest that reaches each function both directly (inlined) and
 * through a table (the host's function, which the rewrite leaves linked) sees the same values at
 * every hostile offset, bytes one path writes the other reads, every module of a plugin shares the
 * one memory, and fuel stays the same in both modes.
 */
class InlinedKernelTest {
    private static final String IMPORTS = """
              (import "extism:host/env" "load_u8" (func $load_u8 (param i64) (result i32)))
              (import "extism:host/env" "load_u64" (func $load_u64 (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
              (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
              (import "extism:host/env" "input_load_u64" (func $input_load_u64 (param i64) (result i64)))
              (import "extism:host/env" "input_length" (func $input_length (result i64)))
              (import "extism:host/env" "input_offset" (func $input_offset (result i64)))
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
            """;

    /**
     * {@code probe}: the input is a list of i64 offsets. A 24-byte block is filled by the host's
     * {@code store_u64} (through the table), its last byte by the inlined {@code store_u8}; then for
     * each offset the output gets eight words: load_u8, load_u64, input_load_u8, input_load_u64,
     * each inlined then through the table.
     */
    private static final String PROBE = "(module\n" + IMPORTS + """
              (type $i64_i32 (func (param i64) (result i32)))
              (type $i64_i64 (func (param i64) (result i64)))
              (type $store64 (func (param i64 i64)))
              (memory (export "memory") 1)
              (table 8 funcref)
              (elem (i32.const 0) $load_u8 $load_u64 $input_load_u8 $input_load_u64 $store_u64)
              (func (export "probe") (result i32) (local $n i64) (local $out i64) (local $b i64) (local $i i64) (local $o i64) (local $w i64)
                (local.set $n (call $input_length))
                (local.set $b (call $alloc (i64.const 24)))
                (call_indirect (type $store64) (local.get $b) (i64.const 0x1122334455667788) (i32.const 4))
                (call_indirect (type $store64) (i64.add (local.get $b) (i64.const 8)) (i64.const -1) (i32.const 4))
                (call_indirect (type $store64) (i64.add (local.get $b) (i64.const 16)) (i64.const 0x0102030405060708) (i32.const 4))
                (call $store_u8 (i64.add (local.get $b) (i64.const 23)) (i32.const 0xEE))
                (local.set $out (call $alloc (i64.mul (local.get $n) (i64.const 8))))
                (block $done
                  (loop $each
                    (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
                    (local.set $o (call $input_load_u64 (local.get $i)))
                    (local.set $w (i64.add (local.get $out) (i64.mul (local.get $i) (i64.const 8))))
                    (call $store_u64 (local.get $w) (i64.extend_i32_u (call $load_u8 (local.get $o))))
                    (call $store_u64 (i64.add (local.get $w) (i64.const 8))
                      (i64.extend_i32_u (call_indirect (type $i64_i32) (local.get $o) (i32.const 0))))
                    (call $store_u64 (i64.add (local.get $w) (i64.const 16)) (call $load_u64 (local.get $o)))
                    (call $store_u64 (i64.add (local.get $w) (i64.const 24))
                      (call_indirect (type $i64_i64) (local.get $o) (i32.const 1)))
                    (call $store_u64 (i64.add (local.get $w) (i64.const 32)) (i64.extend_i32_u (call $input_load_u8 (local.get $o))))
                    (call $store_u64 (i64.add (local.get $w) (i64.const 40))
                      (i64.extend_i32_u (call_indirect (type $i64_i32) (local.get $o) (i32.const 2))))
                    (call $store_u64 (i64.add (local.get $w) (i64.const 48)) (call $input_load_u64 (local.get $o)))
                    (call $store_u64 (i64.add (local.get $w) (i64.const 56))
                      (call_indirect (type $i64_i64) (local.get $o) (i32.const 3)))
                    (local.set $i (i64.add (local.get $i) (i64.const 8)))
                    (br $each)))
                (call $output_set (local.get $out) (i64.mul (local.get $n) (i64.const 8)))
                (i32.const 0))
              (func (export "where") (result i32) (local $b i64)
                (local.set $b (call $alloc (i64.const 16)))
                (call $store_u64 (local.get $b) (call $input_offset))
                (call $store_u64 (i64.add (local.get $b) (i64.const 8)) (call $input_length))
                (call $output_set (local.get $b) (i64.const 16))
                (i32.const 0)))
            """;

    @TempDir
    Path plugins;

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void inlinedAndHostFunctionsSeeTheSameBytesAtEveryHostileOffset(EngineMode mode) throws Exception {
        Wat.write(plugins, "probe", PROBE);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).build())) {
            host.loadAll(plugins);
            List<Long> offsets = new ArrayList<>();
            for (long o = 0; o < 240; o++) {
                offsets.add(o);
            }
            for (long o : new long[] {1L << 31, (1L << 32) - 1, 1L << 32, (1L << 32) + 8, (1L << 32) + 16, 1L << 62,
                Long.MAX_VALUE, Long.MIN_VALUE, -1, -7, -8, -9, -16, -24, 65536 - 16, 65536 - 8, 65536}) {
                offsets.add(o);
            }
            // the last offset: the third word of the 24-byte block, which follows the input's block at 8
            offsets.add(8 + (offsets.size() + 1) * 8L + 16);
            ByteBuffer input = ByteBuffer.allocate(offsets.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
            offsets.forEach(input::putLong);
            ByteBuffer out = ByteBuffer.wrap(host.call("probe", "probe", input.array())).order(ByteOrder.LITTLE_ENDIAN);
            // the input is the first block (at 8), the 24-byte block follows it, the output block after that
            long block = 8 + offsets.size() * 8L;
            long top = block + 24 + offsets.size() * 64L;
            int nonZero = 0;
            for (long o : offsets) {
                long[] seen = new long[8];
                for (int k = 0; k < 8; k++) {
                    seen[k] = out.getLong();
                }
                for (int k = 0; k < 8; k += 2) {
                    assertThat(seen[k]).as("inlined and host agree, function %d at offset %d", k / 2, o)
                            .isEqualTo(seen[k + 1]);
                }
                if (o < 8 || o >= top) {
                    assertThat(seen[0]).as("load_u8 outside [8, top) at %d", o).isZero();
                    assertThat(seen[2]).as("load_u64 outside at %d", o).isZero();
                }
                nonZero += seen[2] != 0 ? 1 : 0;
            }
            assertThat(nonZero).as("the probe read something inside the memory").isPositive();
            // the host's words and the inlined byte, read back through both paths
            int at = offsets.indexOf(block + 16);
            out.position(at * 64 + 16);
            assertThat(out.getLong()).isEqualTo(0xEE02030405060708L);
            assertThat(out.getLong()).isEqualTo(0xEE02030405060708L);
            ByteBuffer where = ByteBuffer.wrap(host.call("probe", "where", new byte[13])).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(where.getLong()).as("input_offset").isEqualTo(8);
            assertThat(where.getLong()).as("input_length").isEqualTo(13);
            ByteBuffer none = ByteBuffer.wrap(host.call("probe", "where", new byte[0])).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(none.getLong()).as("no input: offset 0, as the host kernel says").isZero();
            assertThat(none.getLong()).isZero();
        }
    }

    /** The library copies the input into a block the main module allocated: one memory for both. */
    private static final String COPY_LIB = "(module\n" + IMPORTS + """
              (memory (export "lib_memory") 1)
              (func (export "copy_input") (param $to i64) (local $i i64) (local $n i64)
                (local.set $n (call $input_length))
                (block $done
                  (loop $each
                    (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
                    (call $store_u8 (i64.add (local.get $to) (local.get $i)) (call $input_load_u8 (local.get $i)))
                    (local.set $i (i64.add (local.get $i) (i64.const 1)))
                    (br $each)))))
            """;

    private static final String COPY_MAIN = "(module\n" + IMPORTS + """
              (import "lib" "copy_input" (func $copy_input (param i64)))
              (memory (export "memory") 1)
              (func (export "run") (result i32) (local $b i64) (local $n i64) (local $i i64)
                (local.set $n (call $input_length))
                (local.set $b (call $alloc (local.get $n)))
                (call $copy_input (local.get $b))
                ;; the main module's own inlined loads see what the library stored: upper-case it in place
                (block $done
                  (loop $each
                    (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
                    (call $store_u8 (i64.add (local.get $b) (local.get $i))
                      (i32.sub (call $load_u8 (i64.add (local.get $b) (local.get $i))) (i32.const 32)))
                    (local.set $i (i64.add (local.get $i) (i64.const 1)))
                    (br $each)))
                (call $output_set (local.get $b) (local.get $n))
                (i32.const 0)))
            """;

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void everyModuleOfAPluginSharesTheOneKernelMemory(EngineMode mode) throws Exception {
        Path plugin = MultiModulePluginTest.plugin(plugins, "copier", COPY_MAIN, Map.of("lib", "lib.wasm"),
                Map.of("lib.wasm", COPY_LIB));
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).build())) {
            host.load(plugin);
            assertThat(host.call("copier", "run", "shared".getBytes())).asString().isEqualTo("SHARED");
            assertThat(host.call("copier", "run", "again".getBytes())).asString().isEqualTo("AGAIN");
        }
    }

    @Test
    void anInlinedCopyCostsTheSameFuelInBothModes() throws Exception {
        Path plugin = MultiModulePluginTest.plugin(plugins, "copier", COPY_MAIN, Map.of("lib", "lib.wasm"),
                Map.of("lib.wasm", COPY_LIB));
        long[] fuel = new long[2];
        for (EngineMode mode : EngineMode.values()) {
            try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).fuel(10_000_000).build())) {
                host.load(plugin);
                host.call("copier", "run", "warm".getBytes());
                CallResult result = host.call(CallRequest.of("copier", "run", "x".repeat(1000).getBytes()));
                assertThat(result.output()).hasSize(1000);
                fuel[mode.ordinal()] = result.fuel().orElseThrow();
            }
        }
        assertThat(fuel[0]).isPositive().isEqualTo(fuel[1]);
    }
}
