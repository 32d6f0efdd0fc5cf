package dev.plinth.spring.metrics;

import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;

/**
 * The buckets the {@code plinth.plugin.calls} timer publishes: a percentile histogram (for
 * {@code histogram_quantile} in Prometheus) and service-level objectives (one bucket per bound, to
 * count the calls within each), from {@code plinth.metrics.*}.
 *
 * @param histogram whether to publish a percentile histogram
 * @param slo the upper bounds of the SLO buckets, none for no SLO buckets
 */
public record CallTimerBuckets(boolean histogram, List<Duration> slo) {
    /** No histogram and no SLO buckets: the timer's count, sum and max only. */
    public static final CallTimerBuckets NONE = new CallTimerBuckets(false, List.of());

    public CallTimerBuckets {
        slo = List.copyOf(slo);
        for (Duration bound : slo) {
            if (bound.isNegative() || bound.isZero()) {
                throw new IllegalArgumentException("plinth.metrics.slo: each bound must be more than 0, was " + bound);
            }
        }
    }

    /** {@code builder} with these buckets. */
    Timer.Builder applyTo(Timer.Builder builder) {
        return builder.publishPercentileHistogram(histogram).serviceLevelObjectives(slo.toArray(Duration[]::new));
    }
}
