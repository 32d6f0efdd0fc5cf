package dev.plinth.host.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.WriteQuota;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.host.EngineMode;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.host.testing.HostWorkProbe;
import dev.plinth.testing.TestPlugins;
import dev.plinth.sandbox.fs.FileMount;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Write quotas and hard links in a writable mount, attacked by the hostile {@code wasi-hog} (and
 * read by {@code fs-attacker}) through a real host with real files: a write over the quota fails in
 * the guest with {@code EDQUOT} (19) and the call goes on, the refusal is audited as
 * {@code permission-denied}, what was refused was never written, and a file that is a hard link to
 * one outside the mount stays unchanged.
 */
class WriteQuotaAttackTest {
    private static final String HOG = "wasi-hog";
    private static final String READER = "fs-attacker";
    /** Far away: the quota must be what stops the writes. */
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final long MIB = 1 << 20;

    @TempDir
    Path tmp;
    Path data;
    Path outside;
    PluginHost host;

    @BeforeEach
    void files() throws IOException {
        tmp = tmp.toRealPath();
        data = Files.createDirectories(tmp.resolve("data"));
        outside = Files.createDirectories(tmp.resolve("outside"));
    }

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    private void start(WriteQuota quota) {
        host = PluginHost.on(PluginEngine.builder().engine(EngineMode.COMPILED)
                .limits(PluginLimits.DEFAULTS.withCallTimeout(DEADLINE).withWrites(quota))
                .fileMounts(manifest -> manifest.name().equals("text-transformer") ? List.of()
                        : List.of(FileMount.write(data)))
                .build());
        assertThat(host.load(TestPlugins.hostile(HOG)).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(host.load(TestPlugins.hostile(READER)).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(host.load(TestPlugins.sample("text-transformer")).status()).isEqualTo(PluginStatus.ACTIVE);
    }

    private String call(String export, String input) {
        return new String(host.call(HOG, export, input.getBytes(UTF_8)), UTF_8);
    }

    /** The hog's call fails with its own error (the guest saw the errno), and the call went on to report it. */
    private void failsWith(String export, String input, String message) {
        assertThatThrownBy(() -> call(export, input)).isInstanceOfSatisfying(PluginFailureException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_ERROR);
            assertThat(e.getMessage()).contains(message);
        });
    }

    /** The jail's refusals audited for the hog since {@code before} entries: permission-denied on files. */
    private List<AuditEntry> refusalsSince(int before) {
        List<AuditEntry> entries = host.auditLog().recent(HOG, 1000);
        List<AuditEntry> since = entries.subList(before, entries.size());
        assertThat(since).allSatisfy(e -> {
            assertThat(e.what()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(e.resource()).isEqualTo("files");
            assertThat(e.action()).isEqualTo(AuditAction.REFUSED);
        });
        return since;
    }

    @Test
    void writing1280MegabytesIntoAMountStopsAtThePerCallQuota() throws IOException, InterruptedException {
        start(WriteQuota.DEFAULTS);
        int before = host.auditLog().recent(HOG, 1000).size();
        HostWorkProbe.Figures figures;
        try (WellBehavedCaller caller = WellBehavedCaller.start(host)) {
            figures = new HostWorkProbe().measure(HOG + " file_write 1.28GB", DEADLINE,
                    () -> call("file_write", "out.bin\n1280000000\n1048576"));
            caller.close();
            assertThat(caller.failures()).as("text-transformer during the attack").isEmpty();
            assertThat(caller.answered()).as("text-transformer answered during the attack").isPositive();
        }

        assertThat(figures.failure()).isInstanceOfSatisfying(PluginFailureException.class, e -> assertThat(
                e.getMessage()).contains("wrote 67108864 bytes, then errno 19"));
        assertThat(figures.elapsed()).as("the quota, not the deadline, stopped it").isLessThan(DEADLINE);
        assertThat(Files.size(data.resolve("out.bin"))).as("nothing past the quota was written").isEqualTo(64 * MIB);
        assertThat(refusalsSince(before)).singleElement().satisfies(e -> assertThat(e.detail())
                .isEqualTo("write /out.bin: write quota of 64MB per call reached"));

        assertThat(call("file_write", "out.bin\n" + 64 * MIB)).as("the next call has its own quota")
                .isEqualTo("wrote 67108864 bytes");
        stillServing();
    }

    @Test
    void theTotalQuotaCountsTheGrowthOfTheFilesAndTruncatingGivesRoomBack() throws IOException {
        start(new WriteQuota(64 * MIB, 100 * MIB));
        int before = host.auditLog().recent(HOG, 1000).size();
        assertThat(call("file_write", "a.bin\n" + 64 * MIB)).isEqualTo("wrote 67108864 bytes");
        failsWith("file_write", "b.bin\n" + 64 * MIB, "wrote 37748736 bytes, then errno 19");
        assertThat(Files.size(data.resolve("b.bin"))).isEqualTo(36 * MIB);
        assertThat(refusalsSince(before)).singleElement().satisfies(e -> assertThat(e.detail()).isEqualTo(
                "write /b.bin: write quota of 100MB in all reached (what the plugin's files may grow by)"));

        assertThat(call("file_write", "a.bin\n0")).as("truncated to nothing").isEqualTo("wrote 0 bytes");
        assertThat(call("file_write", "b.bin\n" + 64 * MIB)).isEqualTo("wrote 67108864 bytes");
        assertThat(host.loaded(HOG).orElseThrow().limits().writes()).isEqualTo(new WriteQuota(64 * MIB, 100 * MIB));
        stillServing();
    }

    @Test
    void growingASparseFileCountsWhatItAdds() throws IOException {
        start(WriteQuota.DEFAULTS);
        int before = host.auditLog().recent(HOG, 1000).size();
        failsWith("file_grow", "sparse.bin\n" + (1L << 40), "fd_filestat_set_size 1099511627776 failed: errno 19");
        assertThat(Files.size(data.resolve("sparse.bin"))).isZero();
        assertThat(refusalsSince(before)).singleElement().satisfies(e -> assertThat(e.detail())
                .isEqualTo("write /sparse.bin: write quota of 64MB per call reached"));
        assertThat(call("file_grow", "sparse.bin\n" + MIB)).isEqualTo("grew to 1048576 bytes");
        stillServing();
    }

    @Test
    void aHardLinkToAFileOutsideTheMountIsReadButTheFileOutsideStaysUnchanged() throws IOException {
        Path secret = Files.writeString(outside.resolve("secret.txt"), "TOP SECRET");
        Files.setLastModifiedTime(secret, FileTime.fromMillis(1_000_000_000_000L));
        Files.createLink(data.resolve("link.txt"), secret);
        start(WriteQuota.DEFAULTS);
        int before = host.auditLog().recent(HOG, 1000).size();

        failsWith("overwrite", "link.txt\nPWNED", "path_open link.txt failed: errno 29");
        assertThat(refusalsSince(before)).singleElement().satisfies(e -> assertThat(e.detail()).isEqualTo(
                "open for writing /link.txt: the file has 2 hard links (it may be a file outside the mount), so it"
                        + " is read-only here"));
        assertThat(new String(host.call(READER, "read_file", data.resolve("link.txt").toString().getBytes(UTF_8)),
                UTF_8)).as("reading stays allowed").isEqualTo("TOP SECRET");
        assertThatThrownBy(() -> host.call(READER, "set_times", data.resolve("link.txt").toString().getBytes(UTF_8)))
                .isInstanceOf(PluginFailureException.class);

        assertThat(Files.readString(secret)).isEqualTo("TOP SECRET");
        assertThat(Files.getLastModifiedTime(secret)).isEqualTo(FileTime.fromMillis(1_000_000_000_000L));
        assertThat(Files.isSameFile(secret, data.resolve("link.txt"))).isTrue();
        stillServing();
    }

    private void stillServing() {
        assertThat(host.call("text-transformer", "transform", "after".getBytes(UTF_8))).asString(UTF_8)
                .isEqualTo("AFTER");
        assertThat(call("ping", "")).isEqualTo("pong");
    }
}
