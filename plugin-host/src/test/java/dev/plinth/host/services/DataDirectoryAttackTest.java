package dev.plinth.host.services;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.security.policy.DataDirQuota;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.testing.ExtismWat;
import dev.plinth.testing.TestPlugins;
import dev.plinth.testing.Wat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins' data directories attacked through a real host: a module assembled here floods its
 * {@code /data} with bytes, files and directories until the quotas stop it ({@code EDQUOT}, 19),
 * tries {@code ..}, a symlink the host left there and a symlink of its own to reach another
 * plugin's directory, and keeps a file across being unloaded and loaded again. Every refusal is
 * audited as {@code permission-denied} on files, the other plugin's data stays unchanged, and
 * another plugin is served throughout.
 */
class DataDirectoryAttackTest {
    private static final String A = "keeper-a";
    private static final String B = "keeper-b";
    private static final long KIB = 1024;
    private static final int EDQUOT = 19;

    /** Each export leaves [count, errno] at 200 and outputs those 8 bytes. */
    private static final String WAT = """
            (module
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
              (import "wasi_snapshot_preview1" "path_open"
                (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
              (import "wasi_snapshot_preview1" "path_create_directory"
                (func $mkdir (param i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "path_symlink"
                (func $symlink (param i32 i32 i32 i32 i32) (result i32)))
              (memory (export "memory") 4 4)
              (data (i32.const 1000) "big.bin")
              (data (i32.const 1200) "../keeper-b/secret.txt")
              (data (i32.const 1300) "link/secret.txt")
              (data (i32.const 1400) "evil")
              (data (i32.const 1500) "../keeper-b")
              (data (i32.const 1600) "kept.txt")
              (data (i32.const 1700) "remembered")
              %s
              (func $result (param $count i32) (param $errno i32) (result i32)
                (i32.store (i32.const 200) (local.get $count))
                (i32.store (i32.const 204) (local.get $errno))
                (call $output_set (call $block (i32.const 200) (i32.const 8)) (i64.const 8))
                (i32.const 0))
              (func $open (param $path i32) (param $len i32) (param $oflags i32) (result i32)
                (call $path_open (i32.const 3) (i32.const 0) (local.get $path) (local.get $len) (local.get $oflags)
                  (i64.const 66) (i64.const 0) (i32.const 0) (i32.const 300)))
              ;; names 1100..1103: the prefix, then three letters counting i
              (func $name (param $i i32) (param $prefix i32)
                (i32.store8 (i32.const 1100) (local.get $prefix))
                (i32.store8 (i32.const 1101) (i32.add (i32.const 97) (i32.rem_u (local.get $i) (i32.const 26))))
                (i32.store8 (i32.const 1102)
                  (i32.add (i32.const 97) (i32.rem_u (i32.div_u (local.get $i) (i32.const 26)) (i32.const 26))))
                (i32.store8 (i32.const 1103)
                  (i32.add (i32.const 97) (i32.rem_u (i32.div_u (local.get $i) (i32.const 676)) (i32.const 26)))))

              ;; 64 KiB writes into big.bin until 16 MiB or an error: [bytes written, errno]
              (func (export "flood_bytes") (result i32) (local $fd i32) (local $e i32) (local $total i32)
                (local.set $e (call $open (i32.const 1000) (i32.const 7) (i32.const 9)))
                (if (local.get $e) (then (return (call $result (i32.const 0) (local.get $e)))))
                (local.set $fd (i32.load (i32.const 300)))
                (i32.store (i32.const 100) (i32.const 65536))
                (i32.store (i32.const 104) (i32.const 65536))
                (block $done (loop $next
                  (br_if $done (i32.ge_u (local.get $total) (i32.const 16777216)))
                  (local.set $e (call $fd_write (local.get $fd) (i32.const 100) (i32.const 1) (i32.const 304)))
                  (br_if $done (local.get $e))
                  (local.set $total (i32.add (local.get $total) (i32.load (i32.const 304))))
                  (br $next)))
                (drop (call $fd_close (local.get $fd)))
                (call $result (local.get $total) (local.get $e)))

              ;; new empty files until 17576 or an error: [files made, errno]
              (func (export "flood_files") (result i32) (local $i i32) (local $e i32)
                (block $done (loop $next
                  (br_if $done (i32.ge_u (local.get $i) (i32.const 17576)))
                  (call $name (local.get $i) (i32.const 102))
                  (local.set $e (call $open (i32.const 1100) (i32.const 4) (i32.const 5)))
                  (br_if $done (local.get $e))
                  (drop (call $fd_close (i32.load (i32.const 300))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $next)))
                (call $result (local.get $i) (local.get $e)))

              ;; new directories until 17576 or an error: [directories made, errno]
              (func (export "flood_dirs") (result i32) (local $i i32) (local $e i32)
                (block $done (loop $next
                  (br_if $done (i32.ge_u (local.get $i) (i32.const 17576)))
                  (call $name (local.get $i) (i32.const 100))
                  (local.set $e (call $mkdir (i32.const 3) (i32.const 1100) (i32.const 4)))
                  (br_if $done (local.get $e))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $next)))
                (call $result (local.get $i) (local.get $e)))

              ;; opens for reading: [0, errno]
              (func (export "dotdot") (result i32)
                (call $result (i32.const 0) (call $open (i32.const 1200) (i32.const 22) (i32.const 0))))
              (func (export "through_link") (result i32)
                (call $result (i32.const 0) (call $open (i32.const 1300) (i32.const 15) (i32.const 0))))
              ;; a symlink evil -> ../keeper-b: [0, errno]
              (func (export "make_link") (result i32)
                (call $result (i32.const 0)
                  (call $symlink (i32.const 1500) (i32.const 11) (i32.const 3) (i32.const 1400) (i32.const 4))))

              ;; kept.txt := "remembered"
              (func (export "keep") (result i32) (local $e i32)
                (local.set $e (call $open (i32.const 1600) (i32.const 8) (i32.const 9)))
                (if (local.get $e) (then (return (call $result (i32.const 0) (local.get $e)))))
                (i32.store (i32.const 100) (i32.const 1700))
                (i32.store (i32.const 104) (i32.const 10))
                (local.set $e (call $fd_write (i32.load (i32.const 300)) (i32.const 100) (i32.const 1) (i32.const 304)))
                (drop (call $fd_close (i32.load (i32.const 300))))
                (call $result (i32.load (i32.const 304)) (local.get $e)))
              ;; outputs what kept.txt holds
              (func (export "recall") (result i32) (local $e i32)
                (local.set $e (call $open (i32.const 1600) (i32.const 8) (i32.const 0)))
                (if (local.get $e) (then (return (call $result (i32.const 0) (local.get $e)))))
                (i32.store (i32.const 100) (i32.const 2000))
                (i32.store (i32.const 104) (i32.const 100))
                (drop (call $fd_read (i32.load (i32.const 300)) (i32.const 100) (i32.const 1) (i32.const 304)))
                (drop (call $fd_close (i32.load (i32.const 300))))
                (call $output_set (call $block (i32.const 2000) (i32.load (i32.const 304)))
                  (i64.extend_i32_u (i32.load (i32.const 304))))
                (i32.const 0))
            )
            """.formatted(ExtismWat.memoryBlock("$block"));

    @TempDir
    Path tmp;
    Path root;
    PluginHost host;

    @BeforeEach
    void layout() throws IOException {
        tmp = tmp.toRealPath();
        root = tmp.resolve("data-root");
    }

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    private Path module(String name) throws IOException {
        return Wat.write(tmp.resolve("plugins"), name, WAT);
    }

    private void start(DataDirQuota quota) throws IOException {
        Files.createDirectories(tmp.resolve("plugins"));
        PluginGrant grant = PluginGrant.builder().dataDir(quota).build();
        host = PluginHost.on(PluginEngine.builder().dataDirectory(root).grant(A, grant).grant(B, grant).build());
        assertThat(host.load(module(A)).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(host.load(module(B)).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(host.load(TestPlugins.sample("text-transformer")).status()).isEqualTo(PluginStatus.ACTIVE);
    }

    /** [count, errno] of an export of plugin A. */
    private int[] run(String export) {
        ByteBuffer out = ByteBuffer.wrap(host.call(A, export, new byte[0])).order(ByteOrder.LITTLE_ENDIAN);
        return new int[] {out.getInt(0), out.getInt(4)};
    }

    private List<AuditEntry> refusalsSince(int before) {
        List<AuditEntry> entries = host.auditLog().recent(A, 1000);
        List<AuditEntry> since = entries.subList(before, entries.size());
        assertThat(since).allSatisfy(e -> {
            assertThat(e.what()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(e.resource()).isEqualTo("files");
            assertThat(e.action()).isEqualTo(AuditAction.REFUSED);
        });
        return since;
    }

    private int audited() {
        return host.auditLog().recent(A, 1000).size();
    }

    /** The audit log folds a flood of refusals into one entry with a count: the refusals in all. */
    private static long refusals(List<AuditEntry> entries) {
        return entries.stream().mapToLong(AuditEntry::count).sum();
    }

    private void stillServing() {
        assertThat(host.call("text-transformer", "transform", "after".getBytes(UTF_8))).asString(UTF_8)
                .isEqualTo("AFTER");
        assertThat(host.call(A, "recall", new byte[0])).as("the attacker itself still answers").isNotNull();
    }

    @Test
    void eachPluginGetsADirectoryOfItsOwnNamedAfterIt() throws IOException {
        start(new DataDirQuota(1024 * KIB, 100));
        assertThat(run("keep")).containsExactly(10, 0);
        assertThat(Files.readString(root.resolve(A).resolve("kept.txt"))).isEqualTo("remembered");
        assertThat(root.resolve(B)).isEmptyDirectory();
        var grants = host.loaded(A).orElseThrow().grants();
        assertThat(grants.dataDir()).contains(new DataDirQuota(1024 * KIB, 100));
        assertThat(grants.toMap().get("dataDir")).isEqualTo(Map.of("path", "/data", "quota", "1MB",
                "quotaBytes", 1024 * KIB, "files", 100L));
    }

    @Test
    void floodingBytesStopsAtTheQuotaCountingWhatWasKeptBefore() throws IOException {
        Files.createDirectories(root.resolve(A));
        Files.write(root.resolve(A).resolve("old.bin"), new byte[64 * 1024]);
        start(new DataDirQuota(1024 * KIB, 100));
        int before = audited();
        AtomicBoolean attacking = new AtomicBoolean(true);
        AtomicInteger answers = new AtomicInteger();
        Thread traffic = new Thread(() -> {
            while (attacking.get()) {
                assertThat(host.call("text-transformer", "transform", "during".getBytes(UTF_8))).asString(UTF_8)
                        .isEqualTo("DURING");
                answers.incrementAndGet();
            }
        });
        traffic.start();
        int[] flood;
        try {
            flood = run("flood_bytes");
        } finally {
            attacking.set(false);
            try {
                traffic.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        assertThat(flood).as("15 of 16 writes of 64KiB fit beside the 64KiB kept").containsExactly(960 * 1024, EDQUOT);
        assertThat(Files.size(root.resolve(A).resolve("big.bin"))).isEqualTo(960 * KIB);
        assertThat(refusalsSince(before)).singleElement().satisfies(e -> assertThat(e.detail())
                .isEqualTo("write /big.bin: quota of 1MB of the data directory of keeper-a reached"));
        assertThat(run("flood_bytes")).as("after the quota, still refused: O_TRUNC gave the room back first")
                .containsExactly(960 * 1024, EDQUOT);
        assertThat(host.call(B, "keep", new byte[0])).as("B's quota is its own").hasSize(8);
        assertThat(Files.readString(root.resolve(B).resolve("kept.txt"))).isEqualTo("remembered");
        stillServing();
    }

    @Test
    void floodingFilesAndDirectoriesStopsAtTheFileQuota() throws IOException {
        start(new DataDirQuota(1024 * KIB, 50));
        int before = audited();
        assertThat(run("flood_files")).containsExactly(50, EDQUOT);
        try (var names = Files.list(root.resolve(A))) {
            assertThat(names.count()).isEqualTo(50);
        }
        assertThat(run("flood_dirs")).containsExactly(0, EDQUOT);
        List<AuditEntry> refused = refusalsSince(before);
        assertThat(refusals(refused)).as("one refusal per flood").isEqualTo(2);
        assertThat(refused.get(0).detail())
                .isEqualTo("create /fyba: quota of 50 files and directories of the data directory of keeper-a reached");

        Files.delete(root.resolve(A).resolve("faaa"));
        Files.delete(root.resolve(A).resolve("fbaa"));
        host.unload(A);
        assertThat(host.load(module(A)).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(run("flood_dirs")).as("measured again at the next load: two free").containsExactly(2, EDQUOT);
        assertThat(run("keep")).as("no room for a new file").containsExactly(0, EDQUOT);
    }

    @Test
    void escapesTowardsAnotherPluginsDirectoryAreContainedAndAudited() throws IOException {
        Files.createDirectories(root.resolve(B));
        Files.writeString(root.resolve(B).resolve("secret.txt"), "B's data");
        Files.createDirectories(root.resolve(A));
        Files.createSymbolicLink(root.resolve(A).resolve("link"), root.resolve(B));
        start(new DataDirQuota(1024 * KIB, 100));
        int before = audited();

        assertThat(run("dotdot")[1]).as("'..' out of /data").isNotZero();
        assertThat(run("through_link")[1]).as("a symlink the host left in /data").isNotZero();
        assertThat(run("make_link")[1]).as("a symlink of its own").isNotZero();
        List<AuditEntry> refused = refusalsSince(before);
        assertThat(refusals(refused)).as("each attempt refused and audited").isGreaterThanOrEqualTo(3);
        assertThat(refused.get(0).detail()).isEqualTo(
                "path_open ../keeper-b/secret.txt: outside its directory (absolute, or climbing out with ..)");
        assertThat(Files.readString(root.resolve(B).resolve("secret.txt"))).isEqualTo("B's data");
        assertThat(root.resolve(A).resolve("evil")).doesNotExist();
        stillServing();
    }

    @Test
    void whatAPluginKeepsSurvivesItsReload() throws IOException {
        start(new DataDirQuota(1024 * KIB, 100));
        assertThat(run("keep")).containsExactly(10, 0);
        host.unload(A);
        assertThat(host.load(module(A)).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(host.call(A, "recall", new byte[0])).asString(UTF_8).isEqualTo("remembered");
    }

    @Test
    void aGrantedDataDirectoryWithoutARootFailsTheLoadClearly() throws IOException {
        Files.createDirectories(tmp.resolve("plugins"));
        host = PluginHost.on(PluginEngine.builder()
                .grant(A, PluginGrant.builder().dataDir(new DataDirQuota(KIB, 1)).build()).build());
        var version = host.load(module(A));
        assertThat(version.status()).isEqualTo(PluginStatus.FAILED);
        assertThat(version.lastError()).hasValueSatisfying(e -> assertThat(e.message()).isEqualTo(
                "plugin keeper-a is granted a data directory (data-dir) but the engine has no data-dir root: set"
                        + " PluginEngine.Builder.dataDirectory, the property plinth.data-dir or the CLI option"
                        + " --data-dir"));
        assertThat(host.load(TestPlugins.sample("text-transformer")).status()).isEqualTo(PluginStatus.ACTIVE);
    }

    @Test
    void aPluginNotGrantedADataDirectorySeesNone() throws IOException {
        Files.createDirectories(tmp.resolve("plugins"));
        host = PluginHost.on(PluginEngine.builder().dataDirectory(root).build());
        assertThat(host.load(module(A)).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(run("keep")[1]).as("no preopened directory 3").isNotZero();
        assertThat(root.resolve(A)).doesNotExist();
        assertThatThrownBy(() -> Files.readString(root.resolve(A).resolve("kept.txt")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }
}
