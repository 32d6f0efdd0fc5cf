package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.testing.Wat;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * WASI command modules as TinyGo and standard Go ({@code GOOS=wasip1}) build them: an exported
 * {@code _start} that writes its output and ends with {@code proc_exit}. As in Extism, loading
 * never runs {@code _start}; a caller runs it like any plugin function; {@code proc_exit(0)} is
 * success and keeps the output, another code is a {@code plugin-error} carrying it; and an instance
 * that exited or ran {@code _start} is not lent again.
 */
class CommandModuleTest {
    /** Like TinyGo's output: WASI for stdout, Extism for the output, proc_exit at the end of main. */
    static final String COMMAND = """
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
              (import "extism:host/env" "error_set" (func $error_set (param i64)))
              (memory (export "memory") 1)
              (data (i32.const 64) "hello from main")
              (global $started (mut i32) (i32.const 0))

              ;; a new Extism block holding n bytes of guest memory at p
              (func $block (param $p i32) (param $n i32) (result i64) (local $b i64) (local $i i32)
                (local.set $b (call $alloc (i64.extend_i32_u (local.get $n))))
                (block $done (loop $next
                  (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                  (call $store_u8 (i64.add (local.get $b) (i64.extend_i32_u (local.get $i)))
                    (i32.load8_u (i32.add (local.get $p) (local.get $i))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $next)))
                (local.get $b))
              (func $output (param $p i32) (param $n i32)
                (call $output_set (call $block (local.get $p) (local.get $n)) (i64.extend_i32_u (local.get $n))))

              (func (export "_start")
                (global.set $started (i32.add (global.get $started) (i32.const 1)))
                (i32.store (i32.const 0) (i32.const 64))
                (i32.store (i32.const 4) (i32.const 15))
                (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
                (call $output (i32.const 64) (i32.const 15))
                (call $proc_exit (i32.const 0))
                unreachable)
              (func (export "started") (result i32)
                (i32.store8 (i32.const 32) (i32.add (i32.const 48) (global.get $started)))
                (call $output (i32.const 32) (i32.const 1))
                (i32.const 0))
              (func (export "exit0")
                (call $output (i32.const 64) (i32.const 5))
                (call $proc_exit (i32.const 0)))
              (func (export "exit3")
                (call $output (i32.const 64) (i32.const 5))
                (call $proc_exit (i32.const 3)))
              (func (export "error_then_exit0")
                (call $error_set (call $block (i32.const 70) (i32.const 4)))
                (call $proc_exit (i32.const 0)))
            )
            """;

    @TempDir
    Path plugins;

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void loadingNeverRunsStartAndCallingItRunsTheCommandToItsExitWithItsOutput(EngineMode mode) throws Exception {
        Path module = Wat.write(plugins, "tinygo-command", COMMAND);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).limits(PluginLimits.DEFAULTS.withMaxInstances(1))
                .build())) {
            assertThat(host.load(module).status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.loaded("tinygo-command").orElseThrow().exports())
                    .containsExactly("_start", "error_then_exit0", "exit0", "exit3", "started");
            assertThat(host.call("tinygo-command", "started", new byte[0])).asString(UTF_8)
                    .as("_start did not run at load").isEqualTo("0");

            assertThat(host.call("tinygo-command", "_start", new byte[0])).asString(UTF_8).isEqualTo("hello from main");
            // as Extism does after _start, the next call gets a fresh instance: main's effects are gone
            assertThat(host.call("tinygo-command", "started", new byte[0])).asString(UTF_8).isEqualTo("0");
            assertThat(host.call("tinygo-command", "_start", new byte[0])).asString(UTF_8).isEqualTo("hello from main");
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void procExitZeroIsSuccessAndANonZeroCodeIsAFailureThatCarriesIt(EngineMode mode) throws Exception {
        Path module = Wat.write(plugins, "tinygo-command", COMMAND);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).build())) {
            host.load(module);
            assertThat(host.call("tinygo-command", "exit0", new byte[0])).asString(UTF_8).isEqualTo("hello");

            assertThatThrownBy(() -> host.call("tinygo-command", "exit3", new byte[0]))
                    .isInstanceOfSatisfying(PluginFailureException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_ERROR);
                        assertThat(e.returnCode()).isEqualTo(3);
                        assertThat(e.pluginMessage()).isEqualTo("the plugin exited with proc_exit(3)");
                    });
            // exit code 0 with an error set is a failure too, with the plugin's message
            assertThatThrownBy(() -> host.call("tinygo-command", "error_then_exit0", new byte[0]))
                    .isInstanceOfSatisfying(PluginFailureException.class, e -> {
                        assertThat(e.returnCode()).isZero();
                        assertThat(e.pluginMessage()).isEqualTo("from");
                    });
            assertThat(host.call("tinygo-command", "started", new byte[0])).asString(UTF_8).isEqualTo("0");
            assertThat(host.loaded("tinygo-command").orElseThrow().callStats().calls())
                    .isEqualTo(4);
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void anInstanceThatExitedIsNotLentAgain(EngineMode mode) throws Exception {
        Path module = Wat.write(plugins, "tinygo-command", COMMAND);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).limits(PluginLimits.DEFAULTS.withMaxInstances(1))
                .build())) {
            host.load(module);
            PluginVersion plugin = host.loaded("tinygo-command").orElseThrow();
            assertThat(host.call("tinygo-command", "started", new byte[0])).asString(UTF_8).isEqualTo("0");
            assertThat(plugin.liveInstances()).isEqualTo(1);
            assertThatThrownBy(() -> host.call("tinygo-command", "exit3", new byte[0]))
                    .isInstanceOf(PluginFailureException.class);
            assertThat(plugin.liveInstances()).as("the exited instance was dropped").isZero();
            assertThat(host.call("tinygo-command", "exit0", new byte[0])).asString(UTF_8).isEqualTo("hello");
            assertThat(plugin.liveInstances()).isZero();
            assertThat(host.call("tinygo-command", "started", new byte[0])).asString(UTF_8).isEqualTo("0");
            assertThat(plugin.liveInstances()).isEqualTo(1);
        }
    }
}
