package dev.plinth.reload;

import java.time.Duration;
import java.util.Objects;

/**
 * How a version that failed for a reason that can pass is loaded again: after {@code base}, then
 * twice as long each time up to {@code max}, each delay shortened by up to {@code jitter} of it
 * at random so that replicas do not retry in step. See {@link RetryClassifier} for what is retried.
 *
 * @param base the delay before the first retry
 * @param max the longest delay
 * @param jitter the share of each delay taken off at random, from 0 (none) to 1
 */
public record RetryPolicy(Duration base, Duration max, double jitter) {
    /** 1 s, doubling up to 5 min, with 20 % jitter. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), 0.2);

    public RetryPolicy {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(max, "max");
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("the retry base delay must be positive, was " + base);
        }
        if (max.compareTo(base) < 0) {
            throw new IllegalArgumentException("the longest retry delay (" + max + ") is shorter than the first ("
                    + base + ")");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("retry jitter must be between 0 and 1, was " + jitter);
        }
    }

    /**
     * The delay before retry number {@code attempt} (1 for the first), with {@code random} in
     * [0, 1) choosing the jitter: {@code min(max, base * 2^(attempt-1)) * (1 - jitter * random)}.
     */
    public Duration delay(int attempt, double random) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1, was " + attempt);
        }
        double grown = Math.min((double) max.toNanos(), base.toNanos() * Math.pow(2, Math.min(attempt - 1, 1023)));
        return Duration.ofNanos(Math.max(1, (long) (grown * (1 - jitter * random))));
    }
}
