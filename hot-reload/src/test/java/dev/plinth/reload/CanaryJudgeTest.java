package dev.plinth.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.error.ErrorCode;
import dev.plinth.reload.internal.VersionStats;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CanaryJudgeTest {
    private static final long MILLI = 1_000_000;
    private final CanaryPolicy policy = CanaryPolicy.canary(10).withMaxFailureRate(0.10).withMinCalls(100);

    private static VersionStats stats(int successes, int traps, int pluginErrors) {
        VersionStats stats = new VersionStats();
        for (int i = 0; i < successes; i++) {
            stats.success(MILLI);
        }
        for (int i = 0; i < traps; i++) {
            stats.failure(ErrorCode.TRAP, MILLI);
        }
        for (int i = 0; i < pluginErrors; i++) {
            stats.failure(ErrorCode.PLUGIN_ERROR, MILLI);
        }
        return stats;
    }

    @Test
    void nothingIsJudgedBeforeMinCalls() {
        assertThat(CanaryJudge.judge(stats(0, 99, 0), policy).action()).isEqualTo(CanaryJudge.Action.CONTINUE);
    }

    @Test
    void aFailureRateOverTheThresholdRollsBackWithTheFiguresAndTheCommonestCode() {
        CanaryJudge.Verdict verdict = CanaryJudge.judge(stats(80, 15, 5), policy);
        assertThat(verdict.action()).isEqualTo(CanaryJudge.Action.ROLL_BACK);
        assertThat(verdict.code()).isEqualTo(ErrorCode.TRAP);
        assertThat(verdict.figures().failureRate()).isEqualTo(0.20);
        assertThat(verdict.reason()).contains("failure rate 20.0% over 100 calls exceeds 10.0%").contains("mostly trap");
    }

    @Test
    void aRateAtTheThresholdIsStillHealthy() {
        assertThat(CanaryJudge.judge(stats(90, 10, 0), policy).action()).isEqualTo(CanaryJudge.Action.CONTINUE);
    }

    @Test
    void aP99OverTheLatencyThresholdRollsBackAsATimeout() {
        VersionStats stats = stats(95, 0, 0);
        for (int i = 0; i < 5; i++) {
            stats.success(80 * MILLI);
        }
        CanaryJudge.Verdict verdict = CanaryJudge.judge(stats, policy.withMaxLatency(Duration.ofMillis(20)));
        assertThat(verdict.action()).isEqualTo(CanaryJudge.Action.ROLL_BACK);
        assertThat(verdict.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(verdict.reason()).contains("p99 latency").contains("exceeds 20.0 ms");
    }

    @Test
    void enoughHealthyCallsPromoteWhenThePolicySaysSo() {
        assertThat(CanaryJudge.judge(stats(150, 0, 0), policy.withAutoPromoteAfter(200)).action())
                .isEqualTo(CanaryJudge.Action.CONTINUE);
        assertThat(CanaryJudge.judge(stats(200, 0, 0), policy.withAutoPromoteAfter(200)).action())
                .isEqualTo(CanaryJudge.Action.PROMOTE);
    }

    @Test
    void busyTooLargeAndUnknownFunctionsDoNotCountButAMissingExportOfTheCanaryDoes() {
        Deployment active = StubPlugin.deployment("1.0.0");
        Deployment canary = StubPlugin.deployment("2.0.0");
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
