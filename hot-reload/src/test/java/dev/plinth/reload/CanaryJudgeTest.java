package dev.plinth.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.error.ErrorCode;
import dev.plinth.host.CallStats;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CanaryJudgeTest {
    private static final long MILLI = 1_000_000;
    private final CanaryPolicy policy = CanaryPolicy.canary(10).withMaxFailureRate(0.10).withMinCalls(100);

    /** A canary under {@code policy} whose calls ended so, each after a millisecond. */
    private static RoutedVersion canary(CanaryPolicy policy, int successes, int traps, int pluginErrors) {
        RoutedVersion canary = StubPlugin.deployment("2.0.0", policy);
        CallStats stats = canary.plugin().callStats();
        for (int i = 0; i < successes; i++) {
            stats.record("run", Optional.empty(), MILLI);
        }
        for (int i = 0; i < traps; i++) {
            stats.record("run", Optional.of(ErrorCode.TRAP), MILLI);
        }
        for (int i = 0; i < pluginErrors; i++) {
            stats.record("run", Optional.of(ErrorCode.PLUGIN_ERROR), MILLI);
        }
        return canary;
    }

    private RoutedVersion canary(int successes, int traps, int pluginErrors) {
        return canary(policy, successes, traps, pluginErrors);
    }

    @Test
    void nothingIsJudgedBeforeMinCalls() {
        assertThat(CanaryJudge.judge(canary(0, 99, 0)).action()).isEqualTo(CanaryJudge.Action.CONTINUE);
    }

    @Test
    void aFailureRateOverTheThresholdRollsBackWithTheFiguresAndTheCommonestCode() {
        CanaryJudge.Verdict verdict = CanaryJudge.judge(canary(80, 15, 5));
        assertThat(verdict.action()).isEqualTo(CanaryJudge.Action.ROLL_BACK);
        assertThat(verdict.code()).isEqualTo(ErrorCode.TRAP);
        assertThat(verdict.figures().failureRate()).isEqualTo(0.20);
        assertThat(verdict.reason()).contains("failure rate 20.0% over 100 calls exceeds 10.0%").contains("mostly trap");
    }

    @Test
    void aRateAtTheThresholdIsStillHealthy() {
        assertThat(CanaryJudge.judge(canary(90, 10, 0)).action()).isEqualTo(CanaryJudge.Action.CONTINUE);
    }

    @Test
    void aP99OverTheLatencyThresholdRollsBackAsATimeout() {
        RoutedVersion canary = canary(policy.withMaxLatency(Duration.ofMillis(20)), 95, 0, 0);
        for (int i = 0; i < 5; i++) {
            canary.plugin().callStats().record("run", Optional.empty(), 80 * MILLI);
        }
        CanaryJudge.Verdict verdict = CanaryJudge.judge(canary);
        assertThat(verdict.action()).isEqualTo(CanaryJudge.Action.ROLL_BACK);
        assertThat(verdict.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(verdict.reason()).contains("p99 latency").contains("exceeds 20.0 ms");
    }

    @Test
    void enoughHealthyCallsPromoteWhenThePolicySaysSo() {
        assertThat(CanaryJudge.judge(canary(policy.withAutoPromoteAfter(200), 150, 0, 0)).action())
                .isEqualTo(CanaryJudge.Action.CONTINUE);
        assertThat(CanaryJudge.judge(canary(policy.withAutoPromoteAfter(200), 200, 0, 0)).action())
                .isEqualTo(CanaryJudge.Action.PROMOTE);
    }

    @Test
    void refusedCallsAreLeftOutOfTheFiguresAndLostExportsCountAsNotFound() {
        RoutedVersion canary = canary(95, 0, 0);
        CallStats stats = canary.plugin().callStats();
        for (int i = 0; i < 50; i++) {
            stats.record("run", Optional.of(ErrorCode.BUSY), 1000 * MILLI);
        }
        stats.record("typo", Optional.of(ErrorCode.NOT_FOUND), 0);
        stats.record("run", Optional.of(ErrorCode.TOO_LARGE), 0);
        assertThat(CanaryJudge.judge(canary).action()).as("95 counted calls").isEqualTo(CanaryJudge.Action.CONTINUE);
        for (int i = 0; i < 15; i++) {
            stats.record("lost", Optional.of(ErrorCode.NOT_FOUND), 0);
            canary.lostExport();
        }
        CanaryJudge.Verdict verdict = CanaryJudge.judge(canary);
        assertThat(verdict.action()).isEqualTo(CanaryJudge.Action.ROLL_BACK);
        assertThat(verdict.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(verdict.figures().calls()).isEqualTo(110);
        assertThat(verdict.figures().failures()).isEqualTo(15);
        assertThat(verdict.figures().p99()).as("the busy calls' waits are not the canary's latency")
                .isEqualTo(stats.percentile(0.99)).isLessThan(Duration.ofMillis(2));
    }

    @Test
    void busyTooLargeAndUnknownFunctionsDoNotCountButAMissingExportOfTheCanaryDoes() {
        RoutedVersion active = StubPlugin.deployment("1.0.0");
        RoutedVersion canary = StubPlugin.deployment("2.0.0");
        Routing routing = new Routing(active, canary, 50);
        assertThat(CallDispatcher.countsAgainst(ErrorCode.BUSY, canary, routing, "run")).isFalse();
        assertThat(CallDispatcher.countsAgainst(ErrorCode.TOO_LARGE, canary, routing, "run")).isFalse();
        assertThat(CallDispatcher.countsAgainst(ErrorCode.NOT_FOUND, canary, routing, "typo")).isFalse();
        assertThat(CallDispatcher.countsAgainst(ErrorCode.NOT_FOUND, active, routing, "run")).isFalse();
        assertThat(CallDispatcher.countsAgainst(ErrorCode.NOT_FOUND, canary, routing, "run"))
                .as("the active version exports it; the canary lost it").isTrue();
        for (ErrorCode code : new ErrorCode[] {ErrorCode.TRAP, ErrorCode.TIMEOUT, ErrorCode.PLUGIN_ERROR,
                ErrorCode.MEMORY_LIMIT, ErrorCode.FUEL_EXHAUSTED}) {
            assertThat(CallDispatcher.countsAgainst(code, canary, routing, "run")).as(code.code()).isTrue();
        }
    }
}
