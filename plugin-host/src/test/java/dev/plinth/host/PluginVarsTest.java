package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.PluginVars;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PayloadTooLargeException;
import dev.plinth.api.error.PluginException;
import dev.plinth.testing.ExtismWat;
import dev.plinth.testing.Wat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin's Extism vars from the application's side: preset from Java before the first call and
 * read by the plugin with {@code var_get}, set by the plugin with {@code var_set} and read from
 * Java, shared by all instances and kept across a reload, under the plugin's {@code max-vars}
 * whoever writes (a value over the cap from the host is refused like one from the plugin).
 */
class PluginVarsTest {
    private static final String NAME = "vars-demo";
    private static final long MAX_VARS = 256;

    /** Keys live in the data segment: "greeting" at 0, "seen" at 16, "count" at 32. */
    private static final String WAT = """
            (module
              (import "extism:host/env" "input_length" (func $input_length (result i64)))
              (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "length" (func $length (param i64) (result i64)))
              (import "extism:host/env" "load_u64" (func $load_u64 (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
              (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
              (import "extism:host/env" "var_get" (func $var_get (param i64) (result i64)))
              (import "extism:host/env" "var_set" (func $var_set (param i64 i64)))
              (memory (export "memory") 1)
              (data (i32.const 0) "greeting")
              (data (i32.const 16) "seen")
              (data (i32.const 32) "count")
            """ + ExtismWat.memoryBlock("$key") + ExtismWat.INPUT_BLOCK + """
              (func (export "greet") (result i32)
                (local $v i64)
                (local.set $v (call $var_get (call $key (i32.const 0) (i32.const 8))))
                (call $output_set (local.get $v) (call $length (local.get $v)))
                (i32.const 0))
              (func (export "remember") (result i32)
                (call $var_set (call $key (i32.const 16) (i32.const 4)) (call $input_block))
                (i32.const 0))
              (func (export "count") (result i32)
                (local $v i64) (local $n i64) (local $o i64)
                (local.set $v (call $var_get (call $key (i32.const 32) (i32.const 5))))
                (if (i64.ne (local.get $v) (i64.const 0))
                  (then (local.set $n (call $load_u64 (local.get $v)))))
                (local.set $n (i64.add (local.get $n) (i64.const 1)))
                (local.set $o (call $alloc (i64.const 8)))
                (call $store_u64 (local.get $o) (local.get $n))
                (call $var_set (call $key (i32.const 32) (i32.const 5)) (local.get $o))
                (call $output_set (local.get $o) (i64.const 8))
                (i32.const 0)))
            """;

    @TempDir
    Path plugins;

    private Path plugin() throws IOException {
        Path dir = Files.createDirectories(plugins.resolve(NAME));
        Files.write(dir.resolve("module.wasm"), Wat.assemble(WAT));
        Files.writeString(dir.resolve("plugin.toml"), """
                [plugin]
                name = "%s"
                version = "1.0.0"
                entrypoint = "module.wasm"

                [permissions]
                max-instances = 4
                """.formatted(NAME));
        return dir;
    }

    private static PluginHost host() {
        return PluginHost.on(PluginEngine.builder().limits(PluginLimits.DEFAULTS.withMaxVarBytes(MAX_VARS)).build());
    }

    private static long count(PluginHost host) {
        return ByteBuffer.wrap(host.call(NAME, "count", new byte[0])).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void varsPresetFromJavaBeforeTheFirstLoadAreReadByThePlugin() throws IOException {
        try (PluginHost host = host()) {
            PluginVars vars = host.vars(NAME);
            vars.putString("greeting", "hello from Java");
            assertThat(host.load(plugin()).status()).isEqualTo(PluginStatus.ACTIVE);

            assertThat(host.call(NAME, "greet", new byte[0])).asString(UTF_8).isEqualTo("hello from Java");
            host.loaded(NAME).orElseThrow().vars().putString("greeting", "changed between calls");
            assertThat(host.call(NAME, "greet", new byte[0])).asString(UTF_8).isEqualTo("changed between calls");
            assertThat(vars.remove("greeting")).isTrue();
            assertThat(host.call(NAME, "greet", new byte[0])).as("var_get of a missing var is 0").isEmpty();
        }
    }

    @Test
    void varsThePluginSetsAreReadFromJava() throws IOException {
        try (PluginHost host = host()) {
            assertThat(host.load(plugin()).status()).isEqualTo(PluginStatus.ACTIVE);
            host.call(NAME, "remember", "kept by the plugin".getBytes(UTF_8));

            PluginVars vars = host.loaded(NAME).orElseThrow().vars();
            assertThat(vars.getString("seen")).contains("kept by the plugin");
            assertThat(vars.keys()).containsExactly("seen");
            assertThat(vars.count()).isEqualTo(1);
            assertThat(vars.bytes()).isEqualTo("seen".length() * 2L + "kept by the plugin".length());
            assertThat(vars.maxBytes()).isEqualTo(MAX_VARS);
            byte[] copy = vars.get("seen").orElseThrow();
            copy[0] = 'X';
            assertThat(vars.getString("seen")).as("values are copied out").contains("kept by the plugin");
        }
    }

    @Test
    void theVarsOutliveCallsAndAReloadToANewVersion() throws IOException {
        try (PluginHost host = host()) {
            Path source = plugin();
            assertThat(host.load(source).status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(count(host)).isEqualTo(1);
            assertThat(count(host)).isEqualTo(2);

            PluginVersion before = host.loaded(NAME).orElseThrow();
            assertThat(host.load(source).status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.loaded(NAME).orElseThrow()).isNotSameAs(before);
            assertThat(count(host)).as("the new version, on a new instance, counts on").isEqualTo(3);
            assertThat(before.vars().get("count")).as("one set of vars for the plugin")
                    .hasValueSatisfying(v -> assertThat(v[0]).isEqualTo((byte) 3));
        }
    }

    @Test
    void aValueOverTheCapIsRefusedFromJavaAsFromThePlugin() throws IOException {
        try (PluginHost host = host()) {
            PluginVars vars = host.vars(NAME);
            assertThatThrownBy(() -> vars.put("big", new byte[(int) MAX_VARS]))
                    .isInstanceOf(PayloadTooLargeException.class)
                    .hasMessageContaining("the application tried to keep plugin vars-demo's vars at 262 bytes")
                    .hasMessageContaining("var 'big'").hasMessageContaining("limit of 256 bytes");
            assertThat(vars.count()).as("nothing changed").isZero();

            assertThat(host.load(plugin()).status()).isEqualTo(PluginStatus.ACTIVE);
            vars.put("filler", new byte[200]);
            assertThatThrownBy(() -> host.call(NAME, "remember", new byte[100])).isInstanceOfSatisfying(
                    PluginException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
            assertThat(vars.keys()).containsExactly("filler");
            vars.clear();
            assertThat(vars.bytes()).isZero();
            host.call(NAME, "remember", new byte[100]);
            assertThat(vars.get("seen")).hasValueSatisfying(v -> assertThat(v).hasSize(100));
        }
    }

    @Test
    void onlyPluginNamesHaveVars() {
        try (PluginHost host = host()) {
            assertThatThrownBy(() -> host.vars("Not A Name")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a plugin name");
        }
    }
}
