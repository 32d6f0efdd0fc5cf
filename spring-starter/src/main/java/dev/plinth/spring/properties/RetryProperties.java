package dev.plinth.spring.properties;

import dev.plinth.reload.RetryPolicy;
import java.time.Duration;

/**
 * {@code plinth.reload.retry.*}: loading again a version that failed for a reason that can pass
 * (its initialize failed, its file was incomplete), with exponential backoff and jitter. A
 * failure that cannot pass (an invalid module or manifest, a bad signature) waits for its files
 * to change.
 */
public class RetryProperties {

    /** Whether such failures are retried. */
    private boolean enabled = true;

    /** The delay before the first retry; each next one is twice as long, up to {@code max-delay}. */
    private Duration baseDelay = RetryPolicy.DEFAULT.base();

    /** The longest delay between two retries. */
    private Duration maxDelay = RetryPolicy.DEFAULT.max();

    /** The share of each delay taken off at random (0 to 1), so that replicas do not retry in step. */
    private double jitter = RetryPolicy.DEFAULT.jitter();

    /** The policy these properties make, or {@code null} when retries are off. */
    public RetryPolicy toPolicy() {
        return enabled ? new RetryPolicy(baseDelay, maxDelay, jitter) : null;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getBaseDelay() {
        return baseDelay;
    }

    public void setBaseDelay(Duration baseDelay) {
        this.baseDelay = baseDelay;
    }

    public Duration getMaxDelay() {
        return maxDelay;
    }

    public void setMaxDelay(Duration maxDelay) {
        this.maxDelay = maxDelay;
    }

    public double getJitter() {
        return jitter;
    }

    public void setJitter(double jitter) {
        this.jitter = jitter;
    }
}
