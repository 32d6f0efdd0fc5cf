package dev.plinth.reload;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What happens when a new version of a plugin arrives, and when a canary is rolled back or
 * promoted on its own. {@link Mode#IMMEDIATE} swaps the new version in at once (the default);
 * {@link Mode#CANARY} starts it next to the active version with {@code initialWeight} percent of
 * the calls, watched against the thresholds below.
 *
 * <p>The thresholds are judged over every counted call the canary has taken since it started, and
 * only once there are {@code minCalls} of them. Counted calls exclude outcomes that say nothing
 * about the plugin: {@code busy} (the pool was full), {@code too-large} (the caller's input), and
 * {@code not-found} for a function the active version does not export either.
 *
 * <pre>{@code
 * CanaryPolicy.canary(10).withMaxFailureRate(0.05).withMaxLatency(Duration.ofMillis(50)).withMinCalls(200)
 * }</pre>
 *
 * @param mode replace at once, or start as a canary
 * @param initialWeight the canary's share of calls at start, 0 to 100 (0 stages it without traffic)
 * @param maxFailureRate the canary is rolled back when more than this share of its calls fail
 *     (traps, limits, timeouts, plugin errors), 0 to 1
 * @param maxLatency the canary is rolled back when the 99th percentile of its calls' latency
 *     (waiting for an instance included) is above this; empty for no latency check
 * @param minCalls how many counted canary calls there must be before the thresholds are judged
 * @param autoPromoteAfter promote the canary once it has taken this many counted calls within the
 *     thresholds; empty to leave promotion to an operator
 */
public record CanaryPolicy(Mode mode, int initialWeight, double maxFailureRate, Optional<Duration> maxLatency,
        int minCalls, OptionalInt autoPromoteAfter) {

    /** Replace at once, as a plain registry does. */
    public static final CanaryPolicy DEFAULT = new CanaryPolicy(Mode.IMMEDIATE, 10, 0.05, Optional.empty(), 100,
            OptionalInt.empty());

    /** How a new version is brought in. */
    public enum Mode {
        /** The new version becomes active at once; the old one finishes its calls and stays loaded for a rollback. */
        IMMEDIATE,
        /** The new version takes {@link #initialWeight()} percent of calls as a canary. */
        CANARY
    }

    public CanaryPolicy {
        Objects.requireNonNull(mode, "mode");
        if (initialWeight < 0 || initialWeight > 100) {
            throw new IllegalArgumentException("initialWeight must be 0-100, was " + initialWeight);
        }
        if (!(maxFailureRate >= 0 && maxFailureRate <= 1)) {
            throw new IllegalArgumentException("maxFailureRate must be within 0..1, was " + maxFailureRate);
        }
        Objects.requireNonNull(maxLatency, "maxLatency");
        maxLatency.ifPresent(latency -> {
            if (latency.isNegative() || latency.isZero()) {
                throw new IllegalArgumentException("maxLatency must be positive, was " + latency);
            }
        });
        if (minCalls < 1) {
            throw new IllegalArgumentException("minCalls must be at least 1, was " + minCalls);
        }
        Objects.requireNonNull(autoPromoteAfter, "autoPromoteAfter");
        if (autoPromoteAfter.isPresent() && autoPromoteAfter.getAsInt() < minCalls) {
            throw new IllegalArgumentException("autoPromoteAfter (" + autoPromoteAfter.getAsInt()
                    + ") must be at least minCalls (" + minCalls + "), so that a canary is judged before it is promoted");
        }
    }

    /** The default: replace at once. */
    public static CanaryPolicy immediate() {
        return DEFAULT;
    }

    /** Start new versions as canaries with {@code initialWeight} percent of calls, default thresholds. */
    public static CanaryPolicy canary(int initialWeight) {
        return DEFAULT.withMode(Mode.CANARY).withInitialWeight(initialWeight);
    }

    public CanaryPolicy withMode(Mode value) {
        return new CanaryPolicy(value, initialWeight, maxFailureRate, maxLatency, minCalls, autoPromoteAfter);
    }

    public CanaryPolicy withInitialWeight(int value) {
        return new CanaryPolicy(mode, value, maxFailureRate, maxLatency, minCalls, autoPromoteAfter);
    }

    public CanaryPolicy withMaxFailureRate(double value) {
        return new CanaryPolicy(mode, initialWeight, value, maxLatency, minCalls, autoPromoteAfter);
    }

    /** Rolls the canary back when its p99 latency is above {@code value}. */
    public CanaryPolicy withMaxLatency(Duration value) {
        return new CanaryPolicy(mode, initialWeight, maxFailureRate, Optional.of(value), minCalls, autoPromoteAfter);
    }

    public CanaryPolicy withMinCalls(int value) {
        return new CanaryPolicy(mode, initialWeight, maxFailureRate, maxLatency, value, autoPromoteAfter);
    }

    /** Promotes the canary on its own after {@code calls} counted calls within the thresholds. */
    public CanaryPolicy withAutoPromoteAfter(int calls) {
        return new CanaryPolicy(mode, initialWeight, maxFailureRate, maxLatency, minCalls, OptionalInt.of(calls));
    }
}
