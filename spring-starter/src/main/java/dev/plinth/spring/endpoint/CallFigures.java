package dev.plinth.spring.endpoint;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One plugin's call figures as the endpoint shows them.
 *
 * @param calls calls since the application started
 * @param errors of those, the failed ones
 * @param p50Millis median latency of the latest calls (up to 1024)
 * @param p99Millis 99th percentile latency of the latest calls
 * @param outcomes calls by outcome: {@code success} or an error code
 * @param recentErrors the latest failed calls, newest first (up to 20)
 */
public record CallFigures(long calls, long errors, double p50Millis, double p99Millis, Map<String, Long> outcomes,
        List<RecentError> recentErrors) {

    static final CallFigures NONE = new CallFigures(0, 0, 0, 0, Map.of(), List.of());

    public CallFigures {
        outcomes = Collections.unmodifiableMap(new TreeMap<>(outcomes));
        recentErrors = List.copyOf(recentErrors);
    }

    /**
     * A failed call.
     *
     * @param at when it ended
     * @param version the version that ran it
     * @param function the export called
     * @param code the error code
     * @param elapsedMillis how long it took
     */
    public record RecentError(Instant at, String version, String function, String code, double elapsedMillis) {
    }
}
