package dev.plinth.spring.properties;

import dev.plinth.spring.metrics.CallTimerBuckets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code plinth.metrics.*}: the buckets of the {@code plinth.plugin.calls} timer. */
public class MetricsProperties {

    /**
     * Whether the call timer publishes a percentile histogram ({@code _bucket} series in
     * Prometheus, for {@code histogram_quantile}).
     */
    private boolean histogram;

    /**
     * Upper bounds of service-level-objective buckets of the call timer, for example
     * {@code 10ms,50ms,250ms}: each counts the calls that took at most that long.
     */
    private List<Duration> slo = new ArrayList<>();

    public boolean isHistogram() {
        return histogram;
    }

    public void setHistogram(boolean histogram) {
        this.histogram = histogram;
    }

    public List<Duration> getSlo() {
        return slo;
    }

    public void setSlo(List<Duration> slo) {
        this.slo = slo;
    }

    public CallTimerBuckets toBuckets() {
        return new CallTimerBuckets(histogram, slo);
    }
}
