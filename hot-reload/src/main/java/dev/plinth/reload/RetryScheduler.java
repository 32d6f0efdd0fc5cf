package dev.plinth.reload;

import java.time.Duration;

/**
 * Runs a retry later. The registry's default is one daemon thread; tests give one that runs
 * retries when they say, so that backoff is observed without waiting for it.
 */
@FunctionalInterface
public interface RetryScheduler {
    /**
     * Runs {@code retry} once after {@code delay}.
     *
     * @return what cancels it, if it has not started
     */
    Cancellable schedule(Runnable retry, Duration delay);

    /** A scheduled retry that can still be called off. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
