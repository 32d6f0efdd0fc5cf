package dev.plinth.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.plinth.api.error.ErrorCode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallStatsTest {
    private static final long MILLI = 1_000_000;

    @Test
    void countsEveryCallByOutcomeAndMeasuresOnlyThoseThatSaySomethingAboutThePlugin() {
        CallStats stats = new CallStats();
        for (int i = 0; i < 90; i++) {
            stats.record("run", Optional.empty(), MILLI);
        }
        for (int i = 0; i < 8; i++) {
            stats.record("run", Optional.of(ErrorCode.TRAP), 40 * MILLI);
        }
        stats.record("run", Optional.of(ErrorCode.BUSY), 1000 * MILLI);
        stats.record("typo", Optional.of(ErrorCode.NOT_FOUND), 0);

        CallStats.Snapshot figures = stats.snapshot();
        assertThat(figures.calls()).isEqualTo(100).isEqualTo(stats.calls());
        assertThat(figures.failures()).isEqualTo(Map.of(ErrorCode.TRAP, 8L, ErrorCode.BUSY, 1L,
                ErrorCode.NOT_FOUND, 1L));
        assertThat(figures.failureCount()).isEqualTo(10);
        assertThat(figures.successes()).isEqualTo(90);
        assertThat(figures.measuredCalls()).isEqualTo(98).isEqualTo(stats.measuredCalls());
        assertThat(figures.measuredFailures()).isEqualTo(8);
        assertThat(figures.p50().toNanos() / 1e6).isCloseTo(1, within(0.0625));
        assertThat(figures.p99().toNanos() / 1e6).as("the busy call's wait is not the plugin's latency")
                .isCloseTo(40, within(40 * 0.0625));
        assertThat(figures.p99()).isEqualTo(stats.percentile(0.99));
        assertThat(figures.mean()).isEqualTo(Duration.ofNanos((90 * MILLI + 8 * 40 * MILLI) / 98));
        assertThat(figures.recentFailures()).first().satisfies(newest -> {
            assertThat(newest.function()).isEqualTo("typo");
            assertThat(newest.code()).isEqualTo(ErrorCode.NOT_FOUND);
        });
    }

    @Test
    void keepsTheLatestFailuresNewestFirst() {
        CallStats stats = new CallStats();
        for (int i = 0; i < CallStats.RECENT_FAILURES + 5; i++) {
            stats.record("f" + i, Optional.of(ErrorCode.PLUGIN_ERROR), i);
        }
        assertThat(stats.snapshot().recentFailures()).hasSize(CallStats.RECENT_FAILURES)
                .extracting(CallStats.Failure::function).startsWith("f24", "f23").endsWith("f5");
    }

    @Test
    void aVersionWithoutCallsShowsZeros() {
        assertThat(new CallStats().snapshot()).isEqualTo(CallStats.Snapshot.EMPTY);
        assertThat(CallStats.measured(ErrorCode.TIMEOUT)).isTrue();
        assertThat(CallStats.measured(ErrorCode.TOO_LARGE)).isFalse();
    }
}
