package dev.plinth.host.services;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginStatus;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.security.policy.EnvironmentGrant;
import dev.plinth.security.policy.GrantDifference;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.testing.TestPlugins;
import dev.plinth.testing.Wat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The environment a plugin sees through WASI is what the operator granted of what it asked for, and
 * nothing else: a real C plugin built with wasi-libc ({@code getenv}) reads granted variables, fixed
 * or taken from the host process, and never one it did not ask for or was not granted; a module
 * assembled here calls {@code environ_get} with pointers outside memory and overlapping buffers, and
 * gets {@code EFAULT} or scrambles only its own memory while the host keeps serving.
 */
class EnvironmentGrantTest {
    private static final String C_PLUGIN = "c-wasi-reactor";
    private static final String PROBE = "env-probe";

    /** environ_sizes_get then environ_get, at the addresses the input gives (table low, buffer high). */
    private static final String WAT = """
            (module
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
              (import "extism:host/env" "input_load_u64" (func $input (param i64) (result i64)))
              (import "wasi_snapshot_preview1" "environ_sizes_get" (func $sizes (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "environ_get" (func $get (param i32 i32) (result i32)))
              (memory (export "memory") 1 1)
              %s
              ;; the count at 0, the size at 4, the errno of environ_get at 8, then the buffer at 1000
              (func $report (param $errno i32) (result i32) (local $k i64)
                (i32.store (i32.const 8) (local.get $errno))
                (local.set $k (call $block (i32.const 0) (i32.const 12)))
                (call $output_set (local.get $k) (i64.const 12))
                (i32.const 0))
              ;; the whole environment: the strings it wrote at 1000
              (func (export "environ") (result i32) (local $k i64) (local $e i32)
                (local.set $e (call $sizes (i32.const 0) (i32.const 4)))
                (if (local.get $e) (then (return (call $report (local.get $e)))))
                (local.set $e (call $get (i32.const 100) (i32.const 1000)))
                (if (local.get $e) (then (return (call $report (local.get $e)))))
                (local.set $k (call $block (i32.const 1000) (i32.load (i32.const 4))))
                (call $output_set (local.get $k) (i64.extend_i32_u (i32.load (i32.const 4))))
                (i32.const 0))
              ;; environ_get with the table and buffer pointers of the input
              (func (export "get_at") (result i32) (local $in i64)
                (drop (call $sizes (i32.const 0) (i32.const 4)))
                (local.set $in (call $input (i64.const 0)))
                (call $report (call $get (i32.wrap_i64 (local.get $in))
                  (i32.wrap_i64 (i64.shr_u (local.get $in) (i64.const 32))))))
              ;; environ_sizes_get with the count and size pointers of the input
              (func (export "sizes_at") (result i32) (local $in i64)
                (local.set $in (call $input (i64.const 0)))
                (call $report (call $sizes (i32.wrap_i64 (local.get $in))
                  (i32.wrap_i64 (i64.shr_u (local.get $in) (i64.const 32))))))
            )
            """.formatted(dev.plinth.testing.ExtismWat.memoryBlock("$block"));

    @TempDir
    Path tmp;
    PluginHost host;

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    /** The C plugin, its manifest asking for {@code asked}. */
    private Path cPluginAsking(String asked) throws IOException {
        Path copy = TestPlugins.copy(TestPlugins.pdkPlugin(C_PLUGIN), tmp, C_PLUGIN);
        Files.writeString(copy.resolve("plugin.toml"), Files.readString(copy.resolve("plugin.toml"))
                + "\n[permissions]\nenv = " + asked + "\n");
        return copy;
    }

    private String env(String name) {
        return new String(host.call(C_PLUGIN, "env", name.getBytes(UTF_8)), UTF_8);
    }

    @Test
    void aRealPluginSeesTheGrantedVariablesItAskedForAndNoOther() throws IOException {
        assertThat(System.getenv("PATH")).as("the host process has PATH").isNotNull();
        assertThat(System.getenv("HOME")).as("the host process has HOME").isNotNull();
        host = PluginHost.on(PluginEngine.builder()
                .grant(C_PLUGIN, PluginGrant.builder()
                        .env(new EnvironmentGrant(Map.of("TZ", "Europe/Paris"), Set.of("PATH", "HOME"))).build())
                .build());
        var loaded = host.load(cPluginAsking("[\"TZ\", \"PATH\", \"LANG\"]"));
        assertThat(loaded.status()).isEqualTo(PluginStatus.ACTIVE);

        assertThat(env("TZ")).as("fixed by the operator").isEqualTo("Europe/Paris");
        assertThat(env("PATH")).as("from the host process").isEqualTo(System.getenv("PATH"));
        assertThat(env("HOME")).as("granted but not asked for").isEqualTo("<unset>");
        assertThat(env("LANG")).as("asked for but not granted").isEqualTo("<unset>");
        assertThat(env("JAVA_HOME")).as("neither").isEqualTo("<unset>");

        var grants = host.loaded(C_PLUGIN).orElseThrow().grants();
        assertThat(grants.env().names()).containsExactly("TZ", "PATH");
        assertThat(grants.notGranted("env")).singleElement().satisfies(d -> {
            assertThat(d.asked()).isEqualTo("LANG");
            assertThat(d.reason()).isEqualTo(GrantDifference.Reason.NOT_GRANTED);
        });
        assertThat(grants.toMap().get("env")).isEqualTo(java.util.List.of("TZ", "PATH"));
        assertThat(grants.describe()).contains("TZ (fixed), PATH (from the host)").doesNotContain("Europe/Paris");
    }

    @Test
    void aPluginAskingForVariablesWithoutAGrantSeesNone() throws IOException {
        host = PluginHost.on(PluginEngine.builder().build());
        host.load(cPluginAsking("[\"TZ\", \"PATH\"]"));
        assertThat(env("PATH")).isEqualTo("<unset>");
        assertThat(host.loaded(C_PLUGIN).orElseThrow().grants().notGranted("env")).hasSize(2);
    }

    private Path probe() throws IOException {
        Path wasm = Wat.write(tmp, PROBE, WAT);
        host = PluginHost.on(PluginEngine.builder()
                .grant(PROBE, PluginGrant.builder()
                        .env(new EnvironmentGrant(new java.util.LinkedHashMap<>(Map.of("TZ", "UTC")), Set.of())
                                .plus(new EnvironmentGrant(Map.of("LANG", "C.UTF-8"), Set.of()))).build())
                .build());
        assertThat(host.load(wasm).status()).isEqualTo(PluginStatus.ACTIVE);
        return wasm;
    }

    private static byte[] pointers(long low, long high) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong((high << 32) | low).array();
    }

    /** The errno {@code get_at} or {@code sizes_at} reported. */
    private int errno(String export, long low, long high) {
        byte[] out = host.call(PROBE, export, pointers(low, high));
        return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
    }

    @Test
    void environGetReturnsExactlyTheGrantedEntriesOfABareModule() throws IOException {
        probe();
        assertThat(new String(host.call(PROBE, "environ", new byte[0]), UTF_8)).isEqualTo("TZ=UTC\0LANG=C.UTF-8\0");
    }

    @Test
    void pointersOutsideMemoryAreRefusedWithEfaultAndOverlapsStayInTheGuest() throws IOException {
        probe();
        int efault = 21;
        assertThat(errno("get_at", 0xFFFF_FFF0L, 1000)).as("the pointer table past the end").isEqualTo(efault);
        assertThat(errno("get_at", 100, 65536 - 19)).as("the strings one byte past the end").isEqualTo(efault);
        assertThat(errno("get_at", 100, 0xFFFF_FFFFL)).as("a buffer at the last address").isEqualTo(efault);
        assertThat(errno("sizes_at", 0xFFFF_FFFEL, 4)).as("the count past the end").isEqualTo(efault);
        assertThat(errno("sizes_at", 0, 65533)).as("the size straddling the end").isEqualTo(efault);
        assertThat(errno("get_at", 1000, 1000)).as("the table over the strings: the guest's own mess").isZero();
        assertThat(errno("get_at", 65536 - 8, 65536 - 20)).as("both at the very end, overlapping").isZero();

        assertThat(new String(host.call(PROBE, "environ", new byte[0]), UTF_8)).as("the host still serves the same")
                .isEqualTo("TZ=UTC\0LANG=C.UTF-8\0");
    }
}
