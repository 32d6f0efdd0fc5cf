package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.testing.Wat;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The language runtime's initializers, called once per instance in Extism's order: with
 * {@code hs_init} (GHC), {@code _initialize} then {@code hs_init(0, 0)}; else
 * {@code __wasm_call_ctors}; else {@code _initialize}. Each guest here writes a letter per
 * initializer into its memory (s: start section, i: _initialize, h: hs_init, c: __wasm_call_ctors)
 * and its {@code order} export outputs them.
 */
class GuestRuntimeInitTest {
    @TempDir
    Path plugins;

    /** A guest with the given initializers, each appending its letter. */
    private static String guest(String initializers) {
        return """
                (module
                  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
                  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
                  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
                  (memory (export "memory") 1)
                  (global $n (mut i32) (i32.const 0))
                  (func $mark (param $letter i32)
                    (i32.store8 (i32.add (i32.const 100) (global.get $n)) (local.get $letter))
                    (global.set $n (i32.add (global.get $n) (i32.const 1))))
                  (func $start (call $mark (i32.const 115)))
                  (start $start)
                """ + initializers + """
                  (func (export "order") (result i32) (local $p i64) (local $i i32)
                    (local.set $p (call $alloc (i64.extend_i32_u (global.get $n))))
                    (block $done (loop $next
                      (br_if $done (i32.ge_u (local.get $i) (global.get $n)))
                      (call $store_u8 (i64.add (local.get $p) (i64.extend_i32_u (local.get $i)))
                        (i32.load8_u (i32.add (i32.const 100) (local.get $i))))
                      (local.set $i (i32.add (local.get $i) (i32.const 1)))
                      (br $next)))
                    (call $output_set (local.get $p) (i64.extend_i32_u (global.get $n)))
                    (i32.const 0)))
                """;
    }

    private static final String INITIALIZE = """
              (func (export "_initialize") (call $mark (i32.const 105)))
            """;
    private static final String CTORS = """
              (func (export "__wasm_call_ctors") (call $mark (i32.const 99)))
            """;
    /** hs_init(argc, argv): marks 'h' when called as hs_init(0, 0), '?' otherwise. */
    private static final String HS_INIT = """
              (func (export "hs_init") (param $argc i32) (param $argv i32)
                (call $mark (select (i32.const 104) (i32.const 63)
                  (i32.eqz (i32.or (local.get $argc) (local.get $argv))))))
            """;

    private String order(EngineMode mode, String name, String initializers) throws Exception {
        Path module = Wat.write(plugins, name, guest(initializers));
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).limits(PluginLimits.DEFAULTS.withMaxInstances(2))
                .build())) {
            assertThat(host.load(module).status()).isEqualTo(PluginStatus.ACTIVE);
            String first = new String(host.call(name, "order", new byte[0]), UTF_8);
            assertThat(new String(host.call(name, "order", new byte[0]), UTF_8)).as("once per instance")
                    .isEqualTo(first);
            PluginVersion plugin = host.loaded(name).orElseThrow();
            assertThat(plugin.prewarm(2)).isEqualTo(1);
            return first;
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void haskellCallsInitializeThenHsInitAndNotTheConstructors(EngineMode mode) throws Exception {
        assertThat(order(mode, "haskell", HS_INIT + CTORS + INITIALIZE)).isEqualTo("sih");
        assertThat(order(mode, "haskell-command", HS_INIT + CTORS)).isEqualTo("sh");
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void withoutHsInitTheConstructorsWinOverInitialize(EngineMode mode) throws Exception {
        assertThat(order(mode, "c-reactor", CTORS + INITIALIZE)).isEqualTo("sc");
        assertThat(order(mode, "wasi-reactor", INITIALIZE)).isEqualTo("si");
        assertThat(order(mode, "plain", "")).isEqualTo("s");
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void constructorsOfAnotherTypeMeanNothingIsCalled(EngineMode mode) throws Exception {
        String oddCtors = """
                  (func (export "__wasm_call_ctors") (param i32) (call $mark (i32.const 99)))
                """;
        assertThat(order(mode, "odd-ctors", oddCtors + INITIALIZE)).isEqualTo("s");
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void anHsInitThatCannotBeCalledWithTwoZerosIsRefusedAtLoad(EngineMode mode) throws Exception {
        String odd = """
                  (func (export "hs_init") (param i64) (call $mark (i32.const 104)))
                """;
        Path module = Wat.write(plugins, "odd-haskell", guest(odd));
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).build())) {
            assertThat(host.load(module).status()).isEqualTo(PluginStatus.FAILED);
            assertThat(host.find("odd-haskell").orElseThrow().lastError().orElseThrow().message())
                    .contains("hs_init").contains("(i32, i32)");
            assertThatThrownBy(() -> host.call("odd-haskell", "order", new byte[0]))
                    .hasMessageContaining("failed to load");
        }
        assertThat(ModuleInspector.inspect(module).incompatibilities()).anySatisfy(problem ->
                assertThat(problem).startsWith("exports hs_init of type"));
    }
}
