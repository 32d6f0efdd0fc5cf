package dev.plinth.reload.internal;

import dev.plinth.api.error.ErrorCode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What one version's calls measured so far.
 *
 * @param calls calls that count for or against the version (busy, too-large and calls of unknown
 *     functions are left out)
 * @param failures counted calls that failed because of the plugin: traps, limits, timeouts,
 *     plugin errors
 * @param p99 the 99th percentile of the counted calls' latency
 * @param mean the mean latency of the counted calls
 * @param commonFailure the failure code seen most often, if any
 */
public record VersionFigures(long calls, long failures, Duration p99, Duration mean,
        Optional<ErrorCode> commonFailure) {

    /** Failures over calls, 0 when there were no calls. */
    public double failureRate() {
        return calls == 0 ? 0.0 : (double) failures / calls;
    }

    /** The figures as an event carries them: {@code calls}, {@code failures}, {@code failureRate}, {@code p99Millis}, {@code meanMillis}. */
    public Map<String, Number> asEventFigures() {
        Map<String, Number> figures = new LinkedHashMap<>();
        figures.put("calls", calls);
        figures.put("failures", failures);
        figures.put("failureRate", failureRate());
        figures.put("p99Millis", p99.toNanos() / 1e6);
        figures.put("meanMillis", mean.toNanos() / 1e6);
        return figures;
    }

    /** A short sentence of the figures, for reasons and log lines. */
    public String describe() {
        return String.format(Locale.ROOT, "%d calls, %d failed (%.1f%%%s), p99 %.1f ms, mean %.1f ms",
                calls, failures, failureRate() * 100, commonFailure.map(c -> ", mostly " + c.code()).orElse(""),
                p99.toNanos() / 1e6, mean.toNanos() / 1e6);
    }
}
