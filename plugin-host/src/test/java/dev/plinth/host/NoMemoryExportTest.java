package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.MemoryLimitException;
import dev.plinth.testing.Wat;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Modules that export no memory, or have none: Extism's memory is the host's, so they are plugins
 * like any other. A module without linear memory has none to limit (its memory limit bounds
 * nothing of its own); what it allocates on the host side is bounded by {@code max-kernel-bytes}
 * as for every plugin. WASI functions that need guest memory answer {@code EFAULT} (21) to it.
 */
class NoMemoryExportTest {
    /** Echoes its input through the Extism ABI alone, and tries WASI without memory. */
    static final String MEMORYLESS = """
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "sched_yield" (func $sched_yield (result i32)))
              (import "extism:host/env" "input_length" (func $input_length (result i64)))
              (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
              (func $byte (param $b i32) (local $p i64)
                (local.set $p (call $alloc (i64.const 1)))
                (call $store_u8 (local.get $p) (local.get $b))
                (call $output_set (local.get $p) (i64.const 1)))
              (func (export "echo") (result i32) (local $n i64) (local $i i64) (local $out i64)
                (local.set $n (call $input_length))
                (local.set $out (call $alloc (local.get $n)))
                (block $done (loop $next
                  (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
                  (call $store_u8 (i64.add (local.get $out) (local.get $i)) (call $input_load_u8 (local.get $i)))
                  (local.set $i (i64.add (local.get $i) (i64.const 1)))
                  (br $next)))
                (call $output_set (local.get $out) (local.get $n))
                (i32.const 0))
              (func (export "write") (result i32)
                (call $byte (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))) (i32.const 0))
              (func (export "random") (result i32)
                (call $byte (call $random_get (i32.const 0) (i32.const 16))) (i32.const 0))
              (func (export "args") (result i32)
                (call $byte (call $args_sizes_get (i32.const 0) (i32.const 4))) (i32.const 0))
              (func (export "yield") (result i32)
                (call $byte (call $sched_yield)) (i32.const 0))
              (func (export "hoard") (result i32)
                (drop (call $alloc (i64.const 0x40000000))) (i32.const 0))
            )
            """;

    @TempDir
    Path plugins;

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aModuleWithoutMemoryRunsOnTheHostsMemory(EngineMode mode) throws Exception {
        Path module = Wat.write(plugins, "memoryless", MEMORYLESS);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).build())) {
            assertThat(host.load(module).status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.call("memoryless", "echo", "no memory of its own".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("no memory of its own");
            PluginVersion plugin = host.loaded("memoryless").orElseThrow();
            assertThat(plugin.peakMemoryBytes() - plugin.peakHostMemoryBytes()).as("no linear memory").isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void wasiThatNeedsGuestMemoryAnswersEfaultAndTheRestRuns(EngineMode mode) throws Exception {
        Path module = Wat.write(plugins, "memoryless", MEMORYLESS);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).build())) {
            host.load(module);
            assertThat(host.call("memoryless", "write", new byte[0])).containsExactly(21);
            assertThat(host.call("memoryless", "random", new byte[0])).containsExactly(21);
            assertThat(host.call("memoryless", "args", new byte[0])).containsExactly(21);
            assertThat(host.call("memoryless", "yield", new byte[0])).containsExactly(0);
            assertThat(host.call("memoryless", "echo", "still serving".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("still serving");
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void itsHostSideMemoryIsStillCappedByMaxKernelBytes(EngineMode mode) throws Exception {
        Path module = Wat.write(plugins, "memoryless", MEMORYLESS);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode)
                .limits(PluginLimits.DEFAULTS.withMaxKernelBytes(1 << 20)).build())) {
            host.load(module);
            assertThatThrownBy(() -> host.call("memoryless", "hoard", new byte[0]))
                    .isInstanceOf(MemoryLimitException.class);
            assertThat(host.call("memoryless", "echo", "after".getBytes(UTF_8))).asString(UTF_8).isEqualTo("after");
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aMemoryThatIsNotExportedIsTheModulesOwnAndStillLimited(EngineMode mode) throws Exception {
        Path module = Wat.write(plugins, "private-memory", """
                (module
                  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
                  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
                  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
                  (memory 1)
                  (func (export "grow") (result i32) (local $p i64)
                    (local.set $p (call $alloc (i64.const 1)))
                    ;; 0 when 64 pages more (4 MiB) are refused, 1 when granted
                    (call $store_u8 (local.get $p) (i32.ne (memory.grow (i32.const 64)) (i32.const -1)))
                    (call $output_set (local.get $p) (i64.const 1))
                    (i32.const 0)))
                """);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode)
                .limits(PluginLimits.DEFAULTS.withMaxMemory(dev.plinth.api.unit.DataSize.parse("1MB"))).build())) {
            assertThat(host.load(module).status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.call("private-memory", "grow", new byte[0])).containsExactly(0);
        }
    }

    @Test
    void inspectFindsNothingWrongWithAModuleWithoutMemory() throws Exception {
        ModuleReport report = ModuleInspector.inspect(Wat.write(plugins, "memoryless", MEMORYLESS));
        assertThat(report.memory()).isEmpty();
        assertThat(report.incompatibilities()).isEmpty();
        assertThat(report.loadable()).isTrue();
    }
}
