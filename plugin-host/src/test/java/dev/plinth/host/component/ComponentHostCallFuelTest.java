package dev.plinth.host.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.FuelExhaustedException;
import dev.plinth.component.value.Value;
import dev.plinth.host.EngineMode;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A component's host calls are charged to its fuel budget, as the Extism ABI's are: a guest that hands the
 * host 16 KiB strings through {@code plinth:plugin/logger} in a loop (at a level that is off, so nothing is
 * logged) runs out of fuel after a few hundred calls, though its own instructions are a tenth of the budget;
 * audited, and the next call is served.
 */
class ComponentHostCallFuelTest {
    /** {@code flood: func(n: u32) -> u32}: n calls of log(trace, 16 KiB of NULs), then n. */
    private static final String FLOODER = """
            (component
              (import "plinth:plugin/logger@0.1.0" (instance $logger
                (type $level (enum "trace" "debug" "info" "warn" "error"))
                (export "level" (type $l (eq $level)))
                (export "log" (func (param "level" $l) (param "message" string)))))
              (core module $libc (memory (export "mem") 1))
              (core instance $libc (instantiate $libc))
              (alias core export $libc "mem" (core memory $mem))
              (alias export $logger "log" (func $log))
              (core func $log_lowered (canon lower (func $log) (memory $mem)))
              (core module $m
                (import "libc" "mem" (memory 1))
                (import "host" "log" (func $log (param i32 i32 i32)))
                (func (export "flood") (param $n i32) (result i32)
                  (local $i i32)
                  (block $done
                    (loop $again
                      local.get $i local.get $n i32.ge_u br_if $done
                      i32.const 0 i32.const 0 i32.const 16384 call $log
                      local.get $i i32.const 1 i32.add local.set $i
                      br $again))
                  local.get $n))
              (core instance $i (instantiate $m
                (with "libc" (instance $libc))
                (with "host" (instance (export "log" (func $log_lowered))))))
              (func $flood (param "n" u32) (result u32) (canon lift (core func $i "flood")))
              (export "flood" (func $flood)))
            """;

    @TempDir
    Path plugins;

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void hostCallsSpendTheBudget(EngineMode mode) throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode)
                .limits(PluginLimits.DEFAULTS.withCallTimeout(Duration.ofSeconds(30))).fuel(1_000_000).build())) {
            host.load(ComponentPlugins.write(plugins, "flooder", FLOODER));
            var flooder = host.component("flooder");

            assertThat(flooder.call("flood", List.of(new Value.U32(100)))).containsExactly(new Value.U32(100));
            assertThatThrownBy(() -> flooder.call("flood", List.of(new Value.U32(10_000))))
                    .isInstanceOf(FuelExhaustedException.class);

            assertThat(host.auditLog().recent("flooder", 20)).anySatisfy(e ->
                    assertThat(e.what()).isEqualTo(ErrorCode.FUEL_EXHAUSTED));
            assertThat(flooder.call("flood", List.of(new Value.U32(1)))).containsExactly(new Value.U32(1));
        }
    }
}
