package dev.plinth.host.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.plinth.api.LogLimits;
import dev.plinth.api.PluginError;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.api.error.PluginTimeoutException;
import dev.plinth.host.EngineMode;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.host.testing.HostWorkProbe;
import dev.plinth.testing.LogCapture;
import dev.plinth.testing.TestPlugins;
import dev.plinth.sandbox.fs.FileMount;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.security.audit.AuditLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hostile {@code noise} plugin against the bounds on what a plugin makes the host log and keep:
 * 8 MB log lines in a loop, a flood of small lines, a 32 MB {@code error_set}, a 32 MB stdout line
 * without a newline, 1,200 refused opens in one call, and a 4 MB {@code ../AAAA...} path. Each attack
 * runs against a real {@link PluginHost} with text-transformer answering on another thread during it
 * and after it; the test counts the bytes the plugin's logger and the audit logger received, checks
 * the typed error and the audit entries, and measures the call against its deadline and the peak
 * heap with {@link HostWorkProbe}.
 */
class LogAndAuditFloodTest {
    private static final String NOISE = "noise";
    private static final String BYSTANDER = "text-transformer";
    private static final Duration DEADLINE = PluginLimits.DEFAULTS.callTimeout();
    private static final LogLimits LOGS = LogLimits.DEFAULTS;
    /** A call's log may hold its budget, plus per line the host's prefix and the cut mark, plus one WARN line. */
    private static final long MOST_LOG_BYTES = LOGS.maxBytesPerCall() + LOGS.maxLinesPerCall() * 64L + 512;

    @TempDir
    Path tmp;
    Path mount;
    PluginHost host;
    LogCapture pluginLog;
    LogCapture auditLog;
    final HostWorkProbe probe = new HostWorkProbe();

    @BeforeEach
    void logs() throws IOException {
        mount = Files.createDirectories(tmp.toRealPath().resolve("granted"));
        pluginLog = LogCapture.of("plinth.plugin." + NOISE, Level.INFO);
        auditLog = LogCapture.of(AuditLog.LOGGER, Level.WARN);
    }

    @AfterEach
    void close() {
        pluginLog.close();
        auditLog.close();
        if (host != null) {
            host.close();
        }
    }

    private void start(PluginEngine.Builder builder) {
        host = PluginHost.on(builder.fileMounts(manifest -> manifest.name().equals(NOISE) ? List.of(FileMount.read(mount))
                : List.of()).build());
        assertThat(host.load(TestPlugins.hostile(NOISE)).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(host.load(TestPlugins.sample(BYSTANDER)).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(call("ping", "")).isEqualTo("pong");
        pluginLog.clear();
        auditLog.clear();
    }

    private void start() {
        start(PluginEngine.builder());
    }

    private String call(String function, String input) {
        return new String(host.call(NOISE, function, input.getBytes(UTF_8)), UTF_8);
    }

    /**
     * Runs one attack, measured, while text-transformer is called over and over on another thread;
     * checks that it answered every time during the attack and answers after it.
     */
    private HostWorkProbe.Figures attack(String name, String function, String input) {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread bystander = new Thread(() -> {
            while (running.get()) {
                try {
                    byte[] out = host.call(BYSTANDER, "echo", "during".getBytes(UTF_8));
                    assertThat(new String(out, UTF_8)).isEqualTo("during");
                    answered.incrementAndGet();
                } catch (RuntimeException | AssertionError e) {
                    failed.compareAndSet(null, e);
                    return;
                }
            }
        }, "bystander");
        bystander.start();
        HostWorkProbe.Figures figures;
        try {
            figures = probe.measure(name, host.loaded(NOISE).orElseThrow().limits().callTimeout(),
                    () -> call(function, input));
        } finally {
            running.set(false);
            try {
                bystander.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        assertThat(failed.get()).as("text-transformer during the attack").isNull();
        assertThat(answered.get()).as("text-transformer answered during the attack").isPositive();
        assertThat(new String(host.call(BYSTANDER, "echo", "after".getBytes(UTF_8)), UTF_8)).isEqualTo("after");
        // generous: these calls must end well within their deadline, or at it
        assertThat(figures.pastDeadline()).isLessThan(Duration.ofSeconds(2));
        assertThat(figures.peakHeapBytes()).isLessThan(1L << 30);
        return figures;
    }

    private List<String> infoLines() {
        return pluginLog.messages(Level.INFO);
    }

    private List<String> warnLines() {
        return pluginLog.messages(Level.WARN);
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void eightMegabyteLogLinesAreCutAndTheCallStopsAtItsLogBudget(EngineMode mode) {
        start(PluginEngine.builder().engine(mode));
        HostWorkProbe.Figures figures = attack("log_info 8 MB x 250 (" + mode + ")", "log_big", "8 250");

        assertThat(figures.failure()).isNull();
        // 64 KiB per call in 8 KiB lines: eight lines, each cut and marked with the line's real length
        assertThat(infoLines()).hasSize((int) (LOGS.maxBytesPerCall() / LOGS.maxLineBytes())).allSatisfy(line -> {
            assertThat(line).startsWith("[log_big] AAAA").endsWith("(cut: " + (8 << 20) + " bytes in all)");
            assertThat(line.length()).isLessThan(LOGS.maxLineBytes() + 64);
        });
        assertThat(warnLines()).singleElement().satisfies(line -> assertThat(line)
                .contains("[log_big] this call's log budget is spent").contains("the rest of this call's output is dropped"));
        assertThat(pluginLog.bytes()).isLessThan(MOST_LOG_BYTES);
        // the next call has a fresh budget
        pluginLog.clear();
        assertThat(call("log_many", "3")).isEqualTo("logged 3 lines");
        assertThat(infoLines()).containsExactly("[log_many] line 0", "[log_many] line 1", "[log_many] line 2");
    }

    @Test
    void aLogLoopThatNeverEndsEndsAtTheDeadlineWithItsLogBounded() {
        Duration deadline = Duration.ofSeconds(1);
        start(PluginEngine.builder().limits(PluginLimits.DEFAULTS.withCallTimeout(deadline)));
        HostWorkProbe.Figures figures = attack("log_info 8 MB until the deadline", "log_big", "8 4000000000");

        assertThat(figures.failure()).isInstanceOfSatisfying(PluginTimeoutException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
        assertThat(infoLines()).hasSize(8);
        assertThat(warnLines()).hasSize(1);
        assertThat(pluginLog.bytes()).isLessThan(MOST_LOG_BYTES);
        assertThat(host.auditLog().recent(NOISE, 10)).singleElement().satisfies(e -> {
            assertThat(e.what()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(e.resource()).isEqualTo("log_big (cpu-time 1s)");
            assertThat(e.action()).isEqualTo(AuditAction.STOPPED);
        });
    }

    @Test
    void aFloodOfSmallLinesStopsAtTheLineBudget() {
        start();
        HostWorkProbe.Figures figures = attack("log_info x 100,000 small lines", "log_many", "100000");

        assertThat(figures.failure()).isNull();
        List<String> lines = infoLines();
        assertThat(lines).hasSize(LOGS.maxLinesPerCall());
        assertThat(lines.get(0)).isEqualTo("[log_many] line 0");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("[log_many] line " + (LOGS.maxLinesPerCall() - 1));
        assertThat(warnLines()).singleElement().satisfies(line -> assertThat(line).contains("1000 lines"));
        assertThat(pluginLog.bytes()).isLessThan(MOST_LOG_BYTES);
    }

    @Test
    void stdoutAndLogLinesShareOneBudget() {
        start();
        HostWorkProbe.Figures big = attack("stdout 32 MB without a newline", "stdout_big", "32");

        assertThat(big.failure()).isNull();
        // logged when the call ends, cut at 8 KiB and marked with everything the plugin sent
        assertThat(infoLines()).singleElement().satisfies(line -> assertThat(line).startsWith("[stdout] BBBB")
                .endsWith("(cut: " + (32 << 20) + " bytes in all)").hasSizeLessThan(LOGS.maxLineBytes() + 64));
        pluginLog.clear();

        HostWorkProbe.Figures many = attack("stdout x 100,000 lines", "stdout_many", "100000");
        assertThat(many.failure()).isNull();
        assertThat(infoLines()).hasSize(LOGS.maxLinesPerCall()).first().isEqualTo("[stdout] stdout 0");
        assertThat(warnLines()).singleElement().satisfies(line -> assertThat(line).contains("[stdout_many]"));
        assertThat(pluginLog.bytes()).isLessThan(MOST_LOG_BYTES);
    }

    @Test
    void aThirtyTwoMegabyteErrorIsCutAndSoIsTheRememberedError() {
        start();
        HostWorkProbe.Figures figures = attack("error_set 32 MB", "error_big", "32");

        long sent = 32L << 20;
        assertThat(figures.failure()).isInstanceOfSatisfying(PluginFailureException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_ERROR);
            assertThat(e.returnCode()).isEqualTo(7);
            assertThat(e.pluginMessage()).startsWith("EEEE").endsWith("(cut: " + sent + " bytes in all)")
                    .hasSizeLessThan(LOGS.maxErrorBytes() + 64);
            assertThat(e.getMessage()).startsWith("noise.error_big failed (return code 7): EEEE")
                    .hasSizeLessThan(LOGS.maxErrorBytes() + 128);
        });
        PluginError last = host.find(NOISE).orElseThrow().lastError().orElseThrow();
        assertThat(last.code()).isEqualTo(ErrorCode.PLUGIN_ERROR);
        assertThat(last.message()).hasSizeLessThan(LOGS.maxErrorBytes() + 128);
        // the plugin's own error: not audited
        assertThat(host.auditLog().recent(NOISE, 10)).isEmpty();
    }

    @Test
    void aFourMegabytePathIsRefusedBeforeItIsCopiedAndAuditedCut() {
        start();
        long length = 3 + (4L << 20);
        HostWorkProbe.Figures figures = attack("path_open of a 4 MB ../AAAA path", "open_long", "4");

        assertThat(figures.failure()).isNull();
        assertThat(call("open_long", "4")).isEqualTo("errno 37 x1"); // ENAMETOOLONG
        for (int i = 0; i < 248; i++) { // the ring used to run the host out of memory after 226 of these
            call("open_long", "4");
        }
        assertThat(host.auditLog().recent(NOISE, 10)).singleElement().satisfies(e -> {
            assertThat(e.what()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(e.resource()).isEqualTo("files");
            assertThat(e.action()).isEqualTo(AuditAction.REFUSED);
            assertThat(e.count()).isEqualTo(250);
            assertThat(e.detail()).startsWith("path_open ../AAAA").contains("(cut: " + length + " bytes in all)")
                    .endsWith("a path of " + length + " bytes, longer than 4096 (ENAMETOOLONG)")
                    .hasSizeLessThan(AuditEntry.MAX_DETAIL_CHARS);
        });
        // the first in full, then summaries at 10 and 100: a few hundred bytes each
        assertThat(auditLog.messages(Level.WARN)).hasSize(3).allSatisfy(line -> assertThat(line).hasSizeLessThan(1_000));
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void twelveHundredRefusedOpensInOneCallAreOneEntryAndAFewLines(EngineMode mode) {
        start(PluginEngine.builder().engine(mode));
        HostWorkProbe.Figures figures = attack("1,200 refused path_open in one call (" + mode + ")", "open_refused",
                "1200");

        assertThat(figures.failure()).isNull();
        assertThat(host.call(NOISE, "open_refused", "1200".getBytes(UTF_8))).isNotNull();
        List<AuditEntry> entries = host.auditLog().recent(NOISE, 100);
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.count()).isEqualTo(2_400);
            assertThat(e.detail()).isEqualTo("path_open ../escape-0: outside its directory (absolute, or climbing"
                    + " out with ..)");
            assertThat(e.last()).isAfter(e.at());
        });
        // the first in full, then summaries at 10, 100 and 1,000
        assertThat(auditLog.messages(Level.WARN)).hasSize(4);
        assertThat(pluginLog.events()).isEmpty();
    }

    @Test
    void aFloodOfRefusalsEvictsOnlyItsOwnEntries() {
        // a small log that folds nothing, so that every refusal takes an entry of its own
        AuditLog small = new AuditLog(100, Duration.ZERO);
        start(PluginEngine.builder().auditLog(small));
        assertThat(host.load(TestPlugins.hostile("resource-hog")).status()).isEqualTo(PluginStatus.ACTIVE);
        List<AuditEntry> hogAtLoad = small.recent("resource-hog", 100);
        assertThat(hogAtLoad).hasSize(5); // its manifest's asks beyond the policy

        HostWorkProbe.Figures figures = attack("1,200 refused path_open, nothing folded", "open_refused", "1200");

        assertThat(figures.failure()).isNull();
        assertThat(small.recent("resource-hog", 100)).isEqualTo(hogAtLoad);
        assertThat(small.recent(NOISE, 1_000)).hasSizeGreaterThanOrEqualTo(90).hasSizeLessThanOrEqualTo(95)
                .allSatisfy(e -> assertThat(e.resource()).isEqualTo("files"));
        assertThat(small.size()).isEqualTo(100);
        assertThat(small.totalRecorded()).isGreaterThanOrEqualTo(5 + 1_200);
    }
}
