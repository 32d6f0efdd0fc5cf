package dev.plinth.benchmarks;

import dev.plinth.api.deploy.PluginEvent;
import dev.plinth.api.deploy.PluginEventListener;
import dev.plinth.api.deploy.PluginEventType;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes a thread waiting for a new version whenever the registry reports a change, so that it
 * need not poll with calls (which would take a core from the load it waits for), and remembers
 * the last load failure so that waiting for a broken version ends with its reason.
 */
final class VersionSignals implements PluginEventListener {
    private final Semaphore changes = new Semaphore(0);
    private volatile String failure;

    @Override
    public void onEvent(PluginEvent event) {
        if (event.type() == PluginEventType.FAILED) {
            failure = event.plugin() + " " + event.version() + ": " + event.message();
        }
        changes.release();
    }

    /** Waits up to {@code millis} for the next change; returns at once if one came since the last wait. */
    void awaitChange(long millis) {
        try {
            changes.tryAcquire(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a new version", e);
        }
        changes.drainPermits();
    }

    /** Throws when a version failed to load since the last {@link #clear}. */
    void requireNoFailure() {
        if (failure != null) {
            throw new IllegalStateException("a new version failed to load: " + failure);
        }
    }

    void clear() {
        failure = null;
        changes.drainPermits();
    }
}
