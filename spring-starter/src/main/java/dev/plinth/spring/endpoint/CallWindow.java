package dev.plinth.spring.endpoint;

import dev.plinth.api.observe.CallEvent;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One plugin's figures: counters since start, a ring of the latest latencies for percentiles, and
 * the latest errors.
 */
final class CallWindow {
    static final int LATENCY_SAMPLES = 1024;
    static final int RECENT_ERRORS = 20;

    private final LongAdder calls = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final long[] latencies = new long[LATENCY_SAMPLES];
    private int latencyCount;
    private int next;
    private final ArrayDeque<CallFigures.RecentError> recentErrors = new ArrayDeque<>();

    void record(CallEvent event) {
        calls.increment();
        outcomes.computeIfAbsent(event.outcome(), o -> new LongAdder()).increment();
        if (event.error().isPresent()) {
            errors.increment();
            synchronized (recentErrors) {
                if (recentErrors.size() == RECENT_ERRORS) {
                    recentErrors.removeLast();
                }
                recentErrors.addFirst(new CallFigures.RecentError(Instant.now(), event.version(), event.function(),
                        event.outcome(), event.elapsed().toNanos() / 1e6));
            }
        }
        synchronized (latencies) {
            latencies[next] = event.elapsed().toNanos();
            next = (next + 1) % LATENCY_SAMPLES;
            latencyCount = Math.min(latencyCount + 1, LATENCY_SAMPLES);
        }
    }

    CallFigures figures() {
        long[] sorted;
        synchronized (latencies) {
            sorted = Arrays.copyOf(latencies, latencyCount);
        }
        Arrays.sort(sorted);
        Map<String, Long> byOutcome = new TreeMap<>();
        outcomes.forEach((outcome, count) -> byOutcome.put(outcome, count.sum()));
        List<CallFigures.RecentError> errorsNow;
        synchronized (recentErrors) {
            errorsNow = new ArrayList<>(recentErrors);
        }
        return new CallFigures(calls.sum(), errors.sum(), percentileMillis(sorted, 0.50),
                percentileMillis(sorted, 0.99), byOutcome, errorsNow);
    }

    /** Nearest-rank percentile, in milliseconds; 0 without samples. */
    static double percentileMillis(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sortedNanos.length);
        return sortedNanos[Math.max(0, rank - 1)] / 1e6;
    }
}
