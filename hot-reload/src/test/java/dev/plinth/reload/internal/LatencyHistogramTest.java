package dev.plinth.reload.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void percentilesAreWithinTheBucketPrecisionAndErrOnTheSlowSide() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int micros = 1; micros <= 10_000; micros++) {
            histogram.record(micros * 1000L);
        }
        long p99 = histogram.percentile(0.99).toNanos();
        long p50 = histogram.percentile(0.50).toNanos();
        assertThat(p99).isGreaterThanOrEqualTo(9_900_000L).isLessThan((long) (9_900_000 * 1.0625));
        assertThat(p50).isGreaterThanOrEqualTo(5_000_000L).isLessThan((long) (5_000_000 * 1.0625));
    }

    @Test
    void aFewSlowCallsShowInTheP99() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < 980; i++) {
            histogram.record(Duration.ofMillis(1).toNanos());
        }
        for (int i = 0; i < 20; i++) {
            histogram.record(Duration.ofMillis(50).toNanos());
        }
        assertThat(histogram.percentile(0.99).toNanos() / 1e6).isCloseTo(50, within(50 * 0.0625));
        assertThat(histogram.percentile(0.5).toNanos() / 1e6).isCloseTo(1, within(0.0625));
    }

    @Test
    void bucketsCoverEveryValueInOrder() {
        long previousUpper = -1;
        for (int index = 0; index < 600; index++) {
            long upper = LatencyHistogram.upperBound(index);
            assertThat(upper).isGreaterThan(previousUpper);
            assertThat(LatencyHistogram.indexOf(upper)).isEqualTo(index);
            assertThat(LatencyHistogram.indexOf(previousUpper + 1)).isEqualTo(index);
            previousUpper = upper;
        }
        assertThat(new LatencyHistogram().percentile(0.99)).isEqualTo(Duration.ZERO);
    }
}
