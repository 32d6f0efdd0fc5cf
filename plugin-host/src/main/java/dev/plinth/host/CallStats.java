package dev.plinth.host;

import dev.plinth.api.error.ErrorCode;
import dev.plinth.host.internal.stats.LatencyWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * The call statistics of one loaded plugin version: its calls and failures by code since it was
 * loaded, latency percentiles over its latest calls, and its latest failures. This is the one
 * source that the canary judge, the actuator endpoint and the meters read, so that they agree: the
 * version records each call here once, as it ends, and hands the same measurement to its
 * call listeners. Thread-safe; recording costs a few atomic operations.
 *
 * <p>Calls that end {@code busy} (no instance free), {@code too-large} (input, output or vars over a
 * limit) or {@code not-found} (an export the version lacks) are counted, but left out of the
 * latency figures and of {@link #measuredCalls()}: their time is the pool's or a limit's, and says
 * nothing about the plugin's code.
 */
public final class CallStats {
    /** How many of the latest measured calls the percentiles cover. */
    public static final int LATENCY_WINDOW = 1024;
    /** How many of the latest failures are kept. */
    public static final int RECENT_FAILURES = 20;

    private static final Set<ErrorCode> UNMEASURED = EnumSet.of(ErrorCode.BUSY, ErrorCode.TOO_LARGE,
            ErrorCode.NOT_FOUND);
    private static final ErrorCode[] CODES = ErrorCode.values();

    private final LongAdder calls = new LongAdder();
    private final LongAdder measured = new LongAdder();
    private final LongAdder measuredNanos = new LongAdder();
    private final LongAdder[] failures = new LongAdder[CODES.length];
    private final LatencyWindow latency = new LatencyWindow(LATENCY_WINDOW);
    private final ArrayDeque<Failure> recentFailures = new ArrayDeque<>(RECENT_FAILURES);

    public CallStats() {
        for (int i = 0; i < failures.length; i++) {
            failures[i] = new LongAdder();
        }
    }

    /** Whether calls that fail with {@code code} count in the latency figures and {@link #measuredCalls()}. */
    public static boolean measured(ErrorCode code) {
        return !UNMEASURED.contains(code);
    }

    /**
     * Counts one finished call. The version that ran it calls this; an implementation of
     * {@link PluginVersion} other than the engine's records its own calls here.
     *
     * @param error the failure's code, empty for a success
     * @param nanos how long the call took
     */
    public void record(String function, Optional<ErrorCode> error, long nanos) {
        if (error.isPresent()) {
            ErrorCode code = error.get();
            failures[code.ordinal()].increment();
            synchronized (recentFailures) {
                if (recentFailures.size() == RECENT_FAILURES) {
                    recentFailures.removeLast();
                }
                recentFailures.addFirst(new Failure(Instant.now(), function, code, Duration.ofNanos(nanos)));
            }
        }
        if (error.map(CallStats::measured).orElse(true)) {
            latency.record(nanos);
            measuredNanos.add(nanos);
            measured.increment();
        }
        calls.increment();
    }

    /** Every call so far; cheaper than {@link #snapshot()}. */
    public long calls() {
        return calls.sum();
    }

    /** Calls so far that count in the latency figures; cheaper than {@link #snapshot()}. */
    public long measuredCalls() {
        return measured.sum();
    }

    /** The latency below which {@code quantile} (0 to 1) of the latest measured calls fall; zero before any. */
    public Duration percentile(double quantile) {
        return Duration.ofNanos(latency.percentiles(quantile)[0]);
    }

    /** The figures now. Each is read on its own, so calls that end meanwhile may show in some and not others. */
    public Snapshot snapshot() {
        Map<ErrorCode, Long> byCode = new EnumMap<>(ErrorCode.class);
        long failed = 0;
        for (ErrorCode code : CODES) {
            long count = failures[code.ordinal()].sum();
            if (count > 0) {
                byCode.put(code, count);
                failed += count;
            }
        }
        long measuredNow = measured.sum();
        long[] p50p99 = latency.percentiles(0.50, 0.99);
        List<Failure> recent;
        synchronized (recentFailures) {
            recent = new ArrayList<>(recentFailures);
        }
        // calls is counted last, so it is never read below the failures already counted
        return new Snapshot(Math.max(calls.sum(), failed), byCode, measuredNow,
                measuredNow == 0 ? Duration.ZERO : Duration.ofNanos(measuredNanos.sum() / measuredNow),
                Duration.ofNanos(p50p99[0]), Duration.ofNanos(p50p99[1]), recent);
    }

    /**
     * A version's call figures at one moment.
     *
     * @param calls every call since the version was loaded
     * @param failures the failed ones, by code (codes not seen are left out)
     * @param measuredCalls the calls that count in the latency figures (see {@link CallStats})
     * @param mean mean latency of the measured calls
     * @param p50 median latency of the latest measured calls (up to {@value #LATENCY_WINDOW}), within 6.25%, rounded up
     * @param p99 99th percentile of the same
     * @param recentFailures the latest failures, newest first (up to {@value #RECENT_FAILURES})
     */
    public record Snapshot(long calls, Map<ErrorCode, Long> failures, long measuredCalls, Duration mean,
            Duration p50, Duration p99, List<Failure> recentFailures) {
        /** The figures of a version that took no call. */
        public static final Snapshot EMPTY = new Snapshot(0, Map.of(), 0, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                List.of());

        public Snapshot {
            failures = failures.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(failures));
            recentFailures = List.copyOf(recentFailures);
            Objects.requireNonNull(mean, "mean");
            Objects.requireNonNull(p50, "p50");
            Objects.requireNonNull(p99, "p99");
        }

        /** All failed calls. */
        public long failureCount() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Failed calls among the measured ones. */
        public long measuredFailures() {
            return failures.entrySet().stream().filter(e -> measured(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        }

        public long successes() {
            return calls - failureCount();
        }
    }

    /**
     * One failed call.
     *
     * @param at when it ended
     * @param function the export called
     * @param elapsed how long it took
     */
    public record Failure(Instant at, String function, ErrorCode code, Duration elapsed) {
    }
}
