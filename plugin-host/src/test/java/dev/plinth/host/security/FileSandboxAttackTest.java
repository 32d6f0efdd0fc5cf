package dev.plinth.host.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.host.EngineMode;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.testing.TestPlugins;
import dev.plinth.sandbox.fs.FileMount;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.security.audit.AuditLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * The hostile {@code fs-attacker} plugin against the file sandbox, through a real {@link PluginHost}
 * with real files: nothing outside the mounts is reachable, read-only mounts stay unchanged, deny
 * rules win, every refusal the host sees is audited, and the host keeps serving.
 */
class FileSandboxAttackTest {
    private static final String ATTACKER = "fs-attacker";

    @TempDir
    Path tmp;
    Path data;
    Path outside;
    PluginHost host;
    final List<String> refusals = new ArrayList<>();
    /** Every audit event, as the listeners hear them (the log itself folds a run of refusals into one entry). */
    final List<AuditEntry> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    ListAppender<ILoggingEvent> log;
    Logger pluginLogger;

    @BeforeEach
    void files() throws IOException {
        tmp = tmp.toRealPath();
        data = Files.createDirectories(tmp.resolve("data"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(data.resolve("a.txt"), "A");
        Files.createDirectories(data.resolve("sub"));
        Files.writeString(outside.resolve("secret.txt"), "TOP SECRET");
        pluginLogger = (Logger) LoggerFactory.getLogger("plinth.plugin." + ATTACKER);
        log = new ListAppender<>();
        log.start();
        pluginLogger.addAppender(log);
    }

    @AfterEach
    void close() {
        pluginLogger.detachAppender(log);
        if (host != null) {
            host.close();
        }
    }

    private void start(EngineMode mode, FileMount... mounts) {
        host = PluginHost.on(PluginEngine.builder().engine(mode).fileMounts(manifest -> List.of(mounts)).build());
        host.auditLog().addListener(heard::add);
        assertThat(host.load(TestPlugins.hostile(ATTACKER)).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(host.load(TestPlugins.sample("text-transformer")).status()).isEqualTo(PluginStatus.ACTIVE);
    }

    private String call(String function, String input) {
        return new String(host.call(ATTACKER, function, input.getBytes(UTF_8)), UTF_8);
    }

    private void refused(String function, String input) {
        assertThatThrownBy(() -> call(function, input)).as(function + "(" + input.replace('\n', ' ') + ")")
                .isInstanceOfSatisfying(PluginFailureException.class, e -> {
                    refusals.add(function + ": " + e.getMessage());
                    assertThat(e.getMessage()).doesNotContain("TOP SECRET");
                });
    }

    private String in(Path dir, String name) {
        return dir.resolve(name).toString();
    }

    /**
     * The sandbox's refusals were audited for the plugin (permission-denied on "files", refused), one
     * event starting with each of {@code refusals}; the log keeps them as one entry that counts them
     * all, since they came close together.
     */
    private void assertAudited(String... refusals) {
        List<AuditEntry> events = heard.stream()
                .filter(e -> e.plugin().equals(ATTACKER) && e.resource().equals("files")).toList();
        assertThat(events).allSatisfy(e -> {
            assertThat(e.what()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(e.action()).isEqualTo(AuditAction.REFUSED);
        });
        for (String refusal : refusals) {
            assertThat(events).as(refusal).anySatisfy(e -> assertThat(e.detail()).startsWith(refusal));
        }
        List<AuditEntry> kept = host.auditLog().recent(ATTACKER, AuditLog.DEFAULT_CAPACITY).stream()
                .filter(e -> e.resource().equals("files")).toList();
        assertThat(kept).singleElement().satisfies(e -> assertThat(e.count()).isEqualTo(events.size()));
    }

    private void stillServing() {
        assertThat(new String(host.call("text-transformer", "echo", "still here".getBytes(UTF_8)), UTF_8))
                .isEqualTo("still here");
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void withoutMountsNothingIsReachable(EngineMode mode) {
        start(mode);
        refused("read_file", "/etc/passwd");
        refused("read_file", in(data, "a.txt"));
        refused("list_dir", "/");
        refused("write_file", in(data, "new.txt") + "\nx");
        assertThat(data.resolve("new.txt")).doesNotExist();
        // Without a preopened directory the guest's own WASI library has nothing to resolve a path
        // against: nothing reaches the host. What is audited is the ask the policy refused at load.
        assertThat(host.auditLog().recent(ATTACKER, AuditLog.DEFAULT_CAPACITY)).extracting(AuditEntry::resource)
                .containsExactly("fs read:/etc", "fs write:/");
        stillServing();
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aMountGivesItsOwnFilesAndNothingElse(EngineMode mode) {
        start(mode, FileMount.read(data));
        assertThat(call("read_file", in(data, "a.txt"))).isEqualTo("A");
        assertThat(call("list_dir", data.toString())).isEqualTo("a.txt\nsub");
        refused("read_file", "/etc/passwd");
        refused("read_file", in(outside, "secret.txt"));
        refused("list_dir", tmp.toString());
        stillServing();
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void dotDotCannotClimbOutOfAMount(EngineMode mode) {
        start(mode, FileMount.read(data));
        refused("read_file", data + "/../outside/secret.txt");
        refused("read_file", data + "/sub/../../outside/secret.txt");
        refused("read_file", data + "/sub/../../../../../../etc/passwd");
        refused("list_dir", data + "/..");
        assertThat(call("read_file", data + "/sub/../a.txt")).isEqualTo("A");
        // WASI turns these paths down before the jail sees them; they are audited all the same
        assertAudited("path_open ../outside/secret.txt: outside its directory",
                "path_open sub/../../outside/secret.txt: outside its directory",
                "path_open sub/../../../../../../etc/passwd: outside its directory",
                "path_open ..: outside its directory");
        stillServing();
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void symlinksThatPointOutAreRefusedEvenWhenMadeAfterTheGrant(EngineMode mode) throws IOException {
        Files.createSymbolicLink(data.resolve("to-secret"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(data.resolve("to-outside"), outside);
        Files.createSymbolicLink(data.resolve("sub/relative-out"), Path.of("../../outside/secret.txt"));
        start(mode, FileMount.write(data));
        Files.createSymbolicLink(data.resolve("late"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(data.resolve("late-dir"), outside);

        for (String link : List.of("to-secret", "to-outside/secret.txt", "sub/relative-out", "late",
                "late-dir/secret.txt")) {
            refused("read_file", in(data, link));
        }
        refused("list_dir", in(data, "to-outside"));
        refused("write_file", in(data, "to-secret") + "\npwned");
        refused("write_file", in(data, "late-dir/new.txt") + "\npwned");
        refused("append_file", in(data, "to-secret") + "\npwned");
        refused("truncate", in(data, "to-secret"));
        refused("set_times", in(data, "late"));
        refused("mkdir", in(data, "to-outside/made"));
        refused("rename", in(data, "to-outside/secret.txt") + "\n" + in(data, "stolen.txt"));
        // A guest cannot make links of its own, even in a writable mount.
        refused("symlink", "/etc/passwd\n" + in(data, "mine"));
        refused("symlink", "a.txt\n" + in(data, "mine-inside"));

        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("TOP SECRET");
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("secret.txt");
        }
        assertThat(data.resolve("stolen.txt")).doesNotExist();
        assertThat(data.resolve("mine")).doesNotExist();
        // The links themselves are listed (they are entries of the mount), their targets are not read.
        assertThat(call("list_dir", data.toString())).contains("a.txt", "sub").doesNotContain("TOP SECRET");
        assertAudited("follow symlink /to-secret: outside the granted mounts", "stat /to-outside/secret.txt: outside",
                "follow symlink /sub/relative-out: outside", "follow symlink /late: outside",
                "stat /late-dir/secret.txt: outside", "open for writing /late-dir/new.txt: outside",
                "mkdir /to-outside/made: outside", "rename /to-outside/secret.txt: outside",
                "path_symlink /etc/passwd: outside its directory",
                "symlink /mine-inside -> /a.txt: links cannot be created in a sandbox");
        stillServing();
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void symlinksThatStayInsideWork(EngineMode mode) throws IOException {
        Files.createSymbolicLink(data.resolve("sub/up"), Path.of("../a.txt"));
        Files.createSymbolicLink(data.resolve("abs"), data.resolve("a.txt"));
        Files.createSymbolicLink(data.resolve("subdir"), data.resolve("sub"));
        start(mode, FileMount.read(data));
        assertThat(call("read_file", in(data, "sub/up"))).isEqualTo("A");
        assertThat(call("read_file", in(data, "abs"))).isEqualTo("A");
        assertThat(call("read_file", in(data, "subdir/up"))).isEqualTo("A");
        assertThat(call("stat", in(data, "abs"))).isEqualTo("symlink");
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aReadOnlyMountRefusesEveryWriteAndStaysUnchanged(EngineMode mode) throws IOException {
        FileTime mtime = FileTime.fromMillis(1_600_000_000_000L);
        Files.setLastModifiedTime(data.resolve("a.txt"), mtime);
        start(mode, FileMount.read(data));
        String a = in(data, "a.txt");
        refused("write_file", a + "\nchanged");
        refused("write_file", in(data, "new.txt") + "\ncreated");
        refused("append_file", a + "\nmore");
        refused("truncate", a);
        refused("set_len", a + "\n0");
        refused("set_times", a);
        refused("rename", a + "\n" + in(data, "b.txt"));
        refused("rename", in(data, "sub") + "\n" + in(data, "sub2"));
        refused("remove", a);
        refused("remove", in(data, "sub"));
        refused("mkdir", in(data, "made"));
        refused("symlink", "a.txt\n" + in(data, "link"));

        assertThat(Files.readString(data.resolve("a.txt"))).isEqualTo("A");
        assertThat(Files.getLastModifiedTime(data.resolve("a.txt"))).isEqualTo(mtime);
        try (Stream<Path> files = Files.list(data)) {
            assertThat(files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder("a.txt", "sub");
        }
        assertThat(call("read_file", a)).isEqualTo("A");
        assertAudited("open for writing /a.txt: read-only mount", "open for writing /new.txt: read-only mount",
                "set times /a.txt: read-only mount", "rename /a.txt: read-only mount", "rename /sub: read-only mount",
                "remove /a.txt: read-only mount", "remove /sub: read-only mount", "mkdir /made: read-only mount",
                "symlink /link -> /a.txt: links cannot be created in a sandbox");
        stillServing();
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aWriteMountWorks(EngineMode mode) throws IOException {
        start(mode, FileMount.write(data));
        assertThat(call("write_file", in(data, "new.txt") + "\nhello")).isEqualTo("ok");
        assertThat(call("append_file", in(data, "new.txt") + "\n world")).isEqualTo("ok");
        assertThat(call("read_file", in(data, "new.txt"))).isEqualTo("hello world");
        assertThat(call("mkdir", in(data, "made"))).isEqualTo("ok");
        assertThat(call("rename", in(data, "new.txt") + "\n" + in(data, "made/moved.txt"))).isEqualTo("ok");
        assertThat(call("set_times", in(data, "made/moved.txt"))).isEqualTo("ok");
        assertThat(call("truncate", in(data, "a.txt"))).isEqualTo("ok");
        assertThat(call("remove", in(data, "sub"))).isEqualTo("ok");
        assertThat(Files.readString(data.resolve("made/moved.txt"))).isEqualTo("hello world");
        assertThat(Files.getLastModifiedTime(data.resolve("made/moved.txt")).toMillis()).isZero();
        assertThat(Files.size(data.resolve("a.txt"))).isZero();
        assertThat(data.resolve("sub")).doesNotExist();
        // Still nothing outside: a write mount is no ticket out.
        refused("write_file", data + "/../outside/secret.txt\npwned");
        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("TOP SECRET");
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void denyRulesWinOverGrants(EngineMode mode) throws IOException {
        Path secret = Files.createDirectories(data.resolve("secret"));
        Files.writeString(secret.resolve("key"), "TOP SECRET");
        Path ro = Files.createDirectories(data.resolve("ro"));
        Files.writeString(ro.resolve("keep.txt"), "K");
        Files.createSymbolicLink(data.resolve("sub/to-secret"), secret.resolve("key"));
        start(mode, FileMount.write(data), FileMount.read(ro), FileMount.deny(secret));
        refused("read_file", in(secret, "key"));
        refused("read_file", in(data, "sub/to-secret"));
        refused("list_dir", secret.toString());
        refused("write_file", in(secret, "new") + "\nx");
        refused("remove", in(secret, "key"));
        refused("rename", secret + "\n" + in(data, "revealed"));
        assertThat(call("list_dir", data.toString())).isEqualTo("a.txt\nro\nsub");
        // A read-only mount inside a write mount stays read-only through either.
        refused("write_file", in(ro, "keep.txt") + "\nchanged");
        refused("remove", in(ro, "keep.txt"));
        refused("rename", ro + "\n" + in(data, "ro-moved"));
        assertThat(call("read_file", in(ro, "keep.txt"))).isEqualTo("K");
        assertThat(Files.readString(secret.resolve("key"))).isEqualTo("TOP SECRET");
        assertThat(Files.readString(ro.resolve("keep.txt"))).isEqualTo("K");
        stillServing();
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void theManifestsOwnDenyRulesApply(EngineMode mode) throws IOException {
        Path secret = Files.createDirectories(data.resolve("secret"));
        Files.writeString(secret.resolve("key"), "TOP SECRET");
        Path plugin = TestPlugins.copy(TestPlugins.hostile(ATTACKER), tmp.resolve("plugins"), ATTACKER);
        Files.writeString(plugin.resolve("plugin.toml"),
                "\n[permissions.deny]\nfs = [\"read:" + secret + "\"]\n", java.nio.file.StandardOpenOption.APPEND);
        host = PluginHost.on(PluginEngine.builder().engine(mode).fileMounts(manifest -> List.of(FileMount.read(data))).build());
        assertThat(host.load(plugin).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(call("read_file", in(data, "a.txt"))).isEqualTo("A");
        refused("read_file", in(secret, "key"));
        assertThat(call("list_dir", data.toString())).isEqualTo("a.txt\nsub");
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void theHostKeepsServingAfterAnAttackAndLogsTheRefusals(EngineMode mode) {
        start(mode, FileMount.read(data));
        for (int i = 0; i < 20; i++) {
            refused("read_file", data + "/../outside/secret.txt");
            refused("write_file", in(data, "a.txt") + "\nx");
        }
        assertThat(call("read_file", in(data, "a.txt"))).isEqualTo("A");
        stillServing();
        // the 40 refusals are one audit entry with their count (and a few WARN lines on plinth.audit,
        // none on the plugin's own logger)
        assertThat(host.auditLog().recent("fs-attacker", 100)).filteredOn(e -> e.resource().equals("files"))
                .singleElement().satisfies(entry -> {
                    assertThat(entry.what()).isEqualTo(ErrorCode.PERMISSION_DENIED);
                    assertThat(entry.action()).isEqualTo(AuditAction.REFUSED);
                    assertThat(entry.count()).isGreaterThanOrEqualTo(40);
                });
        assertThat(log.list).noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains("refused"));
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void stdoutAndStderrGoToTheLogCapped(EngineMode mode) {
        start(mode);
        assertThat(call("print", "hello from a hostile plugin")).isEqualTo("ok");
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                .contains("[stdout] hello from a hostile plugin", "[stderr] hello from a hostile plugin");
        call("print", "x".repeat(20_000));
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).startsWith("[stdout] xxx").endsWith("(cut: 20000 bytes in all)")
                        .hasSizeLessThan(9000));
        // Past the per-call budget (64 KiB of stdout and stderr together) the rest of the call is dropped ...
        log.list.clear();
        call("print", ("y".repeat(1000) + "\n").repeat(200));
        List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anySatisfy(m -> assertThat(m).contains("the rest of this call's output is dropped"));
        assertThat(lines.stream().filter(m -> m.startsWith("[stdout] yyy") || m.startsWith("[stderr] yyy")).count())
                .isBetween(60L, 70L);
        // ... and the next call has a fresh budget.
        log.list.clear();
        call("print", "after the flood");
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).contains("[stdout] after the flood");
    }
}
