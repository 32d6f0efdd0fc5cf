package dev.plinth.reload.internal;

import dev.plinth.api.error.ErrorCode;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts one version's calls as the canary judge sees them: how many counted, how many failed and
 * with which code, and their latency. Thread-safe and cheap to record from every calling thread.
 */
public final class VersionStats {
    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder excluded = new LongAdder();
    private final LongAdder totalNanos = new LongAdder();
    private final Map<ErrorCode, LongAdder> failuresByCode = new EnumMap<>(ErrorCode.class);
    private final LatencyHistogram latency = new LatencyHistogram();

    public VersionStats() {
        for (ErrorCode code : ErrorCode.values()) {
            failuresByCode.put(code, new LongAdder());
        }
    }

    /** A call that succeeded in {@code nanos}. */
    public void success(long nanos) {
        count(nanos);
    }

    /** A call that failed because of the plugin, with {@code code}, after {@code nanos}. */
    public void failure(ErrorCode code, long nanos) {
        failures.increment();
        failuresByCode.get(code).increment();
        count(nanos);
    }

    /** A call whose failure says nothing about the plugin (busy, input too large, unknown function). */
    public void excluded() {
        excluded.increment();
    }

    /** Calls left out of the figures. */
    public long excludedCalls() {
        return excluded.sum();
    }

    /** Counted calls so far; cheaper than {@link #figures()}. */
    public long calls() {
        return calls.sum();
    }

    public VersionFigures figures() {
        long failed = failures.sum();
        long counted = Math.max(calls.sum(), failed);
        Duration mean = counted == 0 ? Duration.ZERO : Duration.ofNanos(totalNanos.sum() / counted);
        return new VersionFigures(counted, failed, latency.percentile(0.99), mean, commonFailure());
    }

    private void count(long nanos) {
        latency.record(nanos);
        totalNanos.add(nanos);
        calls.increment();
    }

    private Optional<ErrorCode> commonFailure() {
        ErrorCode common = null;
        long most = 0;
        for (Map.Entry<ErrorCode, LongAdder> entry : failuresByCode.entrySet()) {
            long count = entry.getValue().sum();
            if (count > most) {
                most = count;
                common = entry.getKey();
            }
        }
        return Optional.ofNullable(common);
    }
}
