package dev.plinth.host.internal.pool;

import dev.plinth.api.PluginError;
import dev.plinth.api.error.PluginNotFoundException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Remembers that a version's instances cannot be made, so that callers fail fast instead of each
 * paying for a doomed attempt (a hanging {@code _initialize} would cost every caller its whole
 * deadline). After a failure, new instances are refused for a pause that doubles with every
 * failure in a row, from {@link #FIRST_PAUSE} to {@link #LONGEST_PAUSE}; then one caller tries
 * again while the others are still refused. A success forgets the failures. Thread-safe.
 */
final class CreationFailures {
    static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

    /** The last failure, how many failed in a row, and when the next attempt may be made. */
    private record State(InstanceCreationException last, PluginError error, int inARow, long retryAt) {
    }

    private final String plugin;
    private final LongSupplier nanoClock;
    private final AtomicReference<State> state = new AtomicReference<>();
    private final AtomicBoolean retrying = new AtomicBoolean();

    CreationFailures(String plugin, LongSupplier nanoClock) {
        this.plugin = plugin;
        this.nanoClock = nanoClock;
    }

    /**
     * Before making an instance: returns when the attempt may go ahead (no failure remembered, or
     * this caller is the one to try again; it must then call {@link #succeeded} or {@link #failed}).
     *
     * @throws PluginNotFoundException while instances are refused
     */
    void beforeAttempt() {
        State now = state.get();
        if (now == null) {
            return;
        }
        if (nanoClock.getAsLong() - now.retryAt() >= 0 && retrying.compareAndSet(false, true)) {
            return;
        }
        long waitMillis = Math.max(0, TimeUnit.NANOSECONDS.toMillis(now.retryAt() - nanoClock.getAsLong()));
        throw new PluginNotFoundException("plugin " + plugin + " is not serving: it cannot make an instance ("
                + now.inARow() + (now.inARow() == 1 ? " attempt" : " attempts in a row") + " failed; next attempt in "
                + waitMillis + " ms): [" + now.error().code() + "] " + now.error().message(), now.last().failure());
    }

    void succeeded() {
        state.set(null);
        retrying.set(false);
    }

    /**
     * An attempt ended in neither (the heap ran out around it): the next caller after the pause
     * may try again, and nothing else is remembered.
     */
    void abandoned() {
        retrying.set(false);
    }

    void failed(InstanceCreationException failure) {
        long at = nanoClock.getAsLong();
        state.updateAndGet(before -> {
            int inARow = before == null ? 1 : before.inARow() + 1;
            return new State(failure, PluginError.of(failure.failure()), inARow, at + pause(inARow).toNanos());
        });
        retrying.set(false);
    }

    /** The last failure while instances are being refused or retried. */
    Optional<PluginError> current() {
        State now = state.get();
        return now == null ? Optional.empty() : Optional.of(now.error());
    }

    static Duration pause(int inARow) {
        int doublings = Math.min(inARow - 1, 16);
        Duration pause = FIRST_PAUSE.multipliedBy(1L << doublings);
        return pause.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause;
    }
}
