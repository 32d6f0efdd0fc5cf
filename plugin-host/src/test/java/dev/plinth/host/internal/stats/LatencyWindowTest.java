package dev.plinth.host.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyWindowTest {
    @Test
    void percentilesAreWithinTheBucketPrecisionAndErrOnTheSlowSide() {
        LatencyWindow window = new LatencyWindow(10_000);
        for (int micros = 1; micros <= 10_000; micros++) {
            window.record(micros * 1000L);
        }
        long[] p50p99 = window.percentiles(0.50, 0.99);
        assertThat(p50p99[1]).isGreaterThanOrEqualTo(9_900_000L).isLessThan((long) (9_900_000 * 1.0625));
        assertThat(p50p99[0]).isGreaterThanOrEqualTo(5_000_000L).isLessThan((long) (5_000_000 * 1.0625));
    }

    @Test
    void aFewSlowCallsShowInTheP99() {
        LatencyWindow window = new LatencyWindow(1000);
        for (int i = 0; i < 980; i++) {
            window.record(Duration.ofMillis(1).toNanos());
        }
        for (int i = 0; i < 20; i++) {
            window.record(Duration.ofMillis(50).toNanos());
        }
        assertThat(window.percentiles(0.99)[0] / 1e6).isCloseTo(50, within(50 * 0.0625));
        assertThat(window.percentiles(0.5)[0] / 1e6).isCloseTo(1, within(0.0625));
    }

    @Test
    void onlyTheLatestCallsCount() {
        LatencyWindow window = new LatencyWindow(100);
        for (int i = 0; i < 100; i++) {
            window.record(Duration.ofMillis(50).toNanos());
        }
        assertThat(window.percentiles(0.5)[0] / 1e6).isCloseTo(50, within(50 * 0.0625));
        for (int i = 0; i < 99; i++) {
            window.record(Duration.ofMillis(1).toNanos());
        }
        long[] p50p99 = window.percentiles(0.5, 0.99, 1.0);
        assertThat(p50p99[0] / 1e6).as("the slow calls left the window").isCloseTo(1, within(0.0625));
        assertThat(p50p99[1] / 1e6).isCloseTo(1, within(0.0625));
        assertThat(p50p99[2] / 1e6).as("one slow call is still in it").isCloseTo(50, within(50 * 0.0625));
    }

    @Test
    void concurrentCallsLeaveExactlyTheWindowsWorthOfCounts() throws Exception {
        LatencyWindow window = new LatencyWindow(64);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            for (int t = 0; t < 4; t++) {
                threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20_000; i++) {
                        window.record(Duration.ofMillis(50).toNanos());
                    }
                    return null;
                });
            }
            start.countDown();
        } finally {
            threads.shutdown();
            assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        for (int i = 0; i < 64; i++) {
            window.record(1000);
        }
        assertThat(window.percentiles(1.0)[0]).as("every slow call was replaced once and left").isLessThan(1100);
    }

    @Test
    void bucketsCoverEveryValueInOrder() {
        long previousUpper = -1;
        for (int index = 0; index < 600; index++) {
            long upper = LatencyWindow.upperBound(index);
            assertThat(upper).isGreaterThan(previousUpper);
            assertThat(LatencyWindow.indexOf(upper)).isEqualTo(index);
            assertThat(LatencyWindow.indexOf(previousUpper + 1)).isEqualTo(index);
            previousUpper = upper;
        }
        assertThat(new LatencyWindow(8).percentiles(0.99)).containsExactly(0);
    }

    @Test
    void refusesQuantilesOutsideZeroToOne() {
        assertThatThrownBy(() -> new LatencyWindow(8).percentiles(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LatencyWindow(8).percentiles(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
