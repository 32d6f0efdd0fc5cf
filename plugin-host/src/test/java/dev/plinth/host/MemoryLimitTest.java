package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.MemoryLimitException;
import dev.plinth.api.error.PluginTrapException;
import dev.plinth.api.unit.DataSize;
import dev.plinth.testing.Wat;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A guest that grows its memory past the limit and gives up, as Rust's allocator does, gets
 * {@code memory-limit} with the figures; a trap with no refused growth stays a trap.
 */
class MemoryLimitTest {
    /** {@code hog}: grows by the input's first byte in MiB (16 pages each); traps if refused. */
    private static final String HOG = """
            (module
              (import "extism:host/env" "input_load_u8" (func $in (param i64) (result i32)))
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store (param i64 i32)))
              (import "extism:host/env" "output_set" (func $out (param i64 i64)))
              (memory (export "memory") 1)
              (func (export "hog") (result i32) (local $p i64)
                (if (i32.lt_s (memory.grow (i32.mul (call $in (i64.const 0)) (i32.const 16))) (i32.const 0))
                  (then unreachable))
                (local.set $p (call $alloc (i64.const 2)))
                (call $store (local.get $p) (i32.const 111))
                (call $store (i64.add (local.get $p) (i64.const 1)) (i32.const 107))
                (call $out (local.get $p) (i64.const 2))
                (i32.const 0))
              (func (export "crash") (result i32) unreachable))
            """;

    @TempDir
    Path plugins;

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void growingPastTheLimitIsAMemoryLimitErrorAndTheHostKeepsServing(EngineMode mode) throws Exception {
        Wat.write(plugins, "hog", HOG);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode)
                .limits(PluginLimits.DEFAULTS.withMaxMemory(DataSize.ofMegabytes(4))).build())) {
            assertThat(host.load(plugins.resolve("hog.wasm")).status()).isEqualTo(PluginStatus.ACTIVE);

            assertThat(host.call("hog", "hog", new byte[] {1})).asString(UTF_8).isEqualTo("ok");
            assertThatThrownBy(() -> host.call("hog", "hog", new byte[] {8}))
                    .isInstanceOf(MemoryLimitException.class)
                    .hasMessageContaining("hog.hog needed").hasMessageContaining("limit of 4MB");
            assertThatThrownBy(() -> host.call("hog", "crash", new byte[0])).isInstanceOf(PluginTrapException.class);
            assertThat(host.call("hog", "hog", new byte[] {2})).asString(UTF_8).isEqualTo("ok");
        }
    }
}
