package dev.plinth.host.component;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.component.value.Value;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.security.policy.DataDirQuota;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.testing.TestPlugins;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile component reading through {@code plinth:plugin/data-dir} outside its data directory: a path climbing
 * out with {@code ..}, an absolute path and a symbolic link out are each refused ({@code err}), reported to the
 * sandbox and audited; its own file is read; the host serves on. Without the grant it does not load.
 */
class DataDirComponentAttackTest {
    /** {@code probe: func(path: string) -> u32}: 0 when data-dir {@code read(path)} answered ok, 1 for err. */
    private static final String READER = """
            (component
              (import "plinth:plugin/data-dir@0.1.0" (instance $dd
                (type $r (result (list u8) (error string)))
                (export "read" (func (param "path" string) (result $r)))))
              (core module $libc
                (memory (export "mem") 1)
                (global $next (mut i32) (i32.const 1024))
                (func (export "realloc") (param i32 i32 i32 i32) (result i32)
                  (local $p i32)
                  global.get $next
                  local.get 2 i32.const 1 i32.sub i32.add
                  i32.const 0 local.get 2 i32.sub i32.and
                  local.tee $p
                  local.get 3 i32.add
                  global.set $next
                  local.get $p))
              (core instance $libc (instantiate $libc))
              (alias core export $libc "mem" (core memory $mem))
              (alias core export $libc "realloc" (core func $realloc))
              (alias export $dd "read" (func $read))
              (core func $read_lowered (canon lower (func $read) (memory $mem) (realloc $realloc)))
              (core module $m
                (import "libc" "mem" (memory 1))
                (import "host" "read" (func $read (param i32 i32 i32)))
                (func (export "probe") (param i32 i32) (result i32)
                  local.get 0 local.get 1 i32.const 512 call $read
                  i32.const 512 i32.load8_u))
              (core instance $i (instantiate $m
                (with "libc" (instance $libc))
                (with "host" (instance (export "read" (func $read_lowered))))))
              (func $probe (param "path" string) (result u32)
                (canon lift (core func $i "probe") (memory $mem) (realloc $realloc)))
              (export "probe" (func $probe)))
            """;

    @TempDir
    Path plugins;
    @TempDir
    Path data;

    @Test
    void readsOutsideTheDataDirectoryAreRefusedAndAudited() throws Exception {
        Path own = Files.createDirectories(data.resolve("reader"));
        Files.writeString(own.resolve("in.txt"), "mine");
        Files.writeString(data.resolve("secret.txt"), "not yours");
        Files.createSymbolicLink(own.resolve("link"), data.resolve("secret.txt"));
        try (PluginHost host = PluginHost.on(PluginEngine.builder().dataDirectory(data)
                .grant("reader", PluginGrant.builder().dataDir(new DataDirQuota(1 << 20, 10)).build()).build())) {
            host.load(TestPlugins.sample("text-transformer"));
            VersionInfo info = host.load(ComponentPlugins.write(plugins, "reader", READER));
            assertThat(info.status()).as("%s", info.lastError()).isEqualTo(PluginStatus.ACTIVE);
            var reader = host.component("reader");

            assertThat(reader.call("probe", List.of(new Value.Str("in.txt")))).containsExactly(new Value.U32(0));
            for (String attack : List.of("../secret.txt", "/etc/passwd", "a/../../secret.txt", "link")) {
                assertThat(reader.call("probe", List.of(new Value.Str(attack)))).as(attack)
                        .containsExactly(new Value.U32(1));
            }

            assertThat(host.auditLog().recent("reader", 20)).filteredOn(e -> e.resource().equals("files"))
                    .anySatisfy(e -> assertThat(e.detail()).contains("../secret.txt"))
                    .allSatisfy(e -> assertThat(e.what()).isEqualTo(ErrorCode.PERMISSION_DENIED));
            assertThat(reader.call("probe", List.of(new Value.Str("in.txt")))).containsExactly(new Value.U32(0));
            assertThat(host.call("text-transformer", "transform", "after".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("AFTER");
        }
    }

    @Test
    void withoutTheGrantItDoesNotLoad() throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().dataDirectory(data).build())) {
            VersionInfo info = host.load(ComponentPlugins.write(plugins, "reader", READER));

            assertThat(info.status()).isEqualTo(PluginStatus.FAILED);
            assertThat(info.lastError().orElseThrow().code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(info.lastError().orElseThrow().message()).contains("plinth:plugin/data-dir@0.1.0");
            assertThat(host.auditLog().recent("reader", 10)).anySatisfy(e ->
                    assertThat(e.what()).isEqualTo(ErrorCode.PERMISSION_DENIED));
        }
    }
}
