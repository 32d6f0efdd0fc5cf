package dev.plinth.reload.internal;

import dev.plinth.api.error.ErrorCode;
import dev.plinth.host.CallStats;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One version's calls as the canary judge counts them, read from the version's {@link CallStats}.
 *
 * @param calls calls that count for or against the version: its measured calls (busy, too-large
 *     and not-found are left out), and the calls of exports that the active version has and this
 *     one lost
 * @param failures counted calls that failed because of the plugin: traps, limits, timeouts,
 *     plugin errors, lost exports
 * @param p99 the 99th percentile of the latest measured calls' latency ({@link CallStats.Snapshot#p99})
 * @param mean the mean latency of the measured calls
 * @param commonFailure the failure code seen most often, if any
 */
public record VersionFigures(long calls, long failures, Duration p99, Duration mean,
        Optional<ErrorCode> commonFailure) {

    /**
     * @param lostExports calls of exports the active version has and this version lacks: they
     *     count as {@code not-found} failures although the statistics leave {@code not-found} out
     */
    public static VersionFigures of(CallStats.Snapshot stats, long lostExports) {
        Map<ErrorCode, Long> counted = new EnumMap<>(ErrorCode.class);
        stats.failures().forEach((code, count) -> {
            if (CallStats.measured(code)) {
                counted.put(code, count);
            }
        });
        if (lostExports > 0) {
            counted.put(ErrorCode.NOT_FOUND, lostExports);
        }
        long failed = counted.values().stream().mapToLong(Long::longValue).sum();
        ErrorCode common = null;
        long most = 0;
        for (Map.Entry<ErrorCode, Long> entry : counted.entrySet()) {
            if (entry.getValue() > most) {
                most = entry.getValue();
                common = entry.getKey();
            }
        }
        return new VersionFigures(Math.max(stats.measuredCalls() + lostExports, failed), failed, stats.p99(),
                stats.mean(), Optional.ofNullable(common));
    }

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
