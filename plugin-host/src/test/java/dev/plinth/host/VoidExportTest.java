package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.api.error.PluginTrapException;
import dev.plinth.testing.Wat;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Exports of type {@code () -> ()}, as TinyGo, Haskell and WASI-command plugins have them: Extism
 * calls them and counts them as return code 0. Runtime initializers ({@code _initialize},
 * {@code __wasm_call_ctors}) are the host's to call, not a caller's; other types stay not callable.
 */
class VoidExportTest {
    static final String VOID_EXPORTS = """
            (module
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
              (memory (export "memory") 1)
              (global $inits (mut i32) (i32.const 0))
              (func (export "_initialize") (global.set $inits (i32.add (global.get $inits) (i32.const 1))))
              (func (export "greet") (local $p i64)
                (local.set $p (call $alloc (i64.const 2)))
                (call $store_u8 (local.get $p) (i32.const 104))
                (call $store_u8 (i64.add (local.get $p) (i64.const 1)) (i32.add (i32.const 48) (global.get $inits)))
                (call $output_set (local.get $p) (i64.const 2)))
              (func (export "silent"))
              (func (export "crash") unreachable)
              (func (export "takes_a_param") (param i32))
              (func (export "returns_i64") (result i64) (i64.const 0))
            )
            """;

    @TempDir
    Path plugins;

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aVoidExportIsCalledAndCountsAsReturningZero(EngineMode mode) throws Exception {
        Path module = Wat.write(plugins, "void-exports", VOID_EXPORTS);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).build())) {
            assertThat(host.load(module).status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.loaded("void-exports").orElseThrow().exports()).containsExactly("crash", "greet", "silent");

            assertThat(host.call("void-exports", "greet", new byte[0])).asString(UTF_8).isEqualTo("h1");
            assertThat(host.call("void-exports", "silent", new byte[0])).isEmpty();
            assertThatThrownBy(() -> host.call("void-exports", "crash", new byte[0]))
                    .isInstanceOf(PluginTrapException.class);
            assertThatThrownBy(() -> host.call("void-exports", "takes_a_param", new byte[0]))
                    .isInstanceOf(PluginNotFoundException.class).hasMessageContaining("crash, greet, silent");
            assertThatThrownBy(() -> host.call("void-exports", "_initialize", new byte[0]))
                    .isInstanceOf(PluginNotFoundException.class);
            assertThat(host.call("void-exports", "greet", new byte[0])).asString(UTF_8)
                    .as("_initialize ran once for the instance, never as a call").isEqualTo("h1");
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aManifestMayDeclareAVoidExport(EngineMode mode) throws Exception {
        Path dir = Files.createDirectories(plugins.resolve("declared"));
        Wat.write(dir, "module", VOID_EXPORTS);
        Files.writeString(dir.resolve("plugin.toml"), """
                [plugin]
                name = "declared"
                version = "1.0.0"
                entrypoint = "module.wasm"

                [exports.greet]
                input = "bytes"
                output = "text"
                """);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).build())) {
            assertThat(host.load(dir).status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.call("declared", "greet", new byte[0])).asString(UTF_8).isEqualTo("h1");
        }
    }

    @Test
    void inspectCountsVoidExportsAsCallable() throws Exception {
        Path module = Wat.write(plugins, "void-exports", VOID_EXPORTS);
        ModuleReport report = ModuleInspector.inspect(module);
        assertThat(report.callableExports()).containsExactly("greet", "silent", "crash");
        assertThat(report.initializers()).containsExactly("_initialize");
        assertThat(report.loadable()).isTrue();
    }
}
