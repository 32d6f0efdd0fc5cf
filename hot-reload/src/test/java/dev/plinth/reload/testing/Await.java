package dev.plinth.reload.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition every 20 ms until it holds, failing after a generous timeout: no sleeps that guess. */
public final class Await {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    private Await() {
    }

    public static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT_TIMEOUT, condition);
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for: " + what);
            }
            pause(20);
        }
    }

    /** Waits until {@code value} gives something that is not null, and returns it. */
    public static <T> T value(String what, Supplier<T> value) {
        Object[] seen = new Object[1];
        until(what, () -> (seen[0] = value.get()) != null);
        @SuppressWarnings("unchecked")
        T found = (T) seen[0];
        return found;
    }

    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
