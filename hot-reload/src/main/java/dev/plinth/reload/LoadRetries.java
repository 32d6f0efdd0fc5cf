package dev.plinth.reload;

import dev.plinth.api.deploy.RetryState;
import dev.plinth.api.VersionId;
import dev.plinth.api.deploy.PluginEventType;
import dev.plinth.api.error.PluginException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * The sources whose last load failed for a reason that can pass ({@link RetryClassifier}), each
 * with its next attempt scheduled by the {@link RetryPolicy}: the attempts of one set of files
 * (one digest) count up, new files start again at one, a load that succeeds, files that go away
 * or a failure that cannot pass end the retries. Each retry scheduled is a
 * {@link PluginEventType#RETRY_SCHEDULED} event. Thread-safe.
 */
final class LoadRetries implements AutoCloseable {
    private final RetryPolicy policy;
    private final RetryScheduler scheduler;
    private final ScheduledThreadPoolExecutor ownThread;
    private final Clock clock;
    private final DoubleSupplier random;
    private final Consumer<Path> redeploy;
    /** Guarded by this. */
    private final Map<Path, Pending> pending = new HashMap<>();
    /** Guarded by this. */
    private boolean closed;

    private record Pending(String digest, RetryState state, RetryScheduler.Cancellable cancel) {
    }

    /**
     * @param scheduler where retries wait, or {@code null} for a daemon thread of its own
     * @param redeploy loads a source again (on its loader lane)
     */
    LoadRetries(RetryPolicy policy, RetryScheduler scheduler, Clock clock, DoubleSupplier random,
            Consumer<Path> redeploy) {
        this.policy = policy;
        this.clock = clock;
        this.random = random == null ? () -> ThreadLocalRandom.current().nextDouble() : random;
        this.redeploy = redeploy;
        if (scheduler == null) {
            ownThread = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "plinth-reload-retry");
                thread.setDaemon(true);
                return thread;
            });
            ownThread.setRemoveOnCancelPolicy(true);
            this.scheduler = (retry, delay) -> {
                var future = ownThread.schedule(retry, delay.toNanos(), TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            };
        } else {
            ownThread = null;
            this.scheduler = scheduler;
        }
    }

    /**
     * A load of {@code where} failed with {@code failure}: retried later if it can pass (and an
     * event says when), else any retry waiting for it is called off.
     */
    synchronized void failed(Path where, String plugin, VersionId version, PluginException failure,
            EventBatch batch) {
        Pending before = pending.remove(where);
        if (before != null) {
            before.cancel().cancel();
        }
        if (closed || !RetryClassifier.canPass(failure)) {
            return;
        }
        int attempts = before != null && before.digest().equals(version.digest()) ? before.state().attempts() + 1 : 1;
        Duration delay = policy.delay(attempts, random.getAsDouble());
        Instant at = clock.instant().plus(delay);
        RetryScheduler.Cancellable cancel = scheduler.schedule(() -> fire(where), delay);
        pending.put(where, new Pending(version.digest(), new RetryState(plugin, where, attempts, at, failure.code(),
                failure.getMessage()), cancel));
        batch.add(PluginEventType.RETRY_SCHEDULED, plugin, version, "[" + failure.code() + "] can pass: attempt "
                + attempts + " failed, the next load starts in " + delay.toMillis() + " ms (at " + at + ")",
                Map.of("attempt", attempts, "delayMillis", delay.toMillis()));
    }

    /** {@code where} loaded, serves already, or went away: no retry for it any more. */
    synchronized void settled(Path where) {
        Pending before = pending.remove(where);
        if (before != null) {
            before.cancel().cancel();
        }
    }

    /** The sources waiting for a retry, by plugin name. */
    synchronized List<RetryState> states() {
        List<RetryState> states = new ArrayList<>();
        pending.values().forEach(each -> states.add(each.state()));
        states.sort(Comparator.comparing(RetryState::plugin).thenComparing(RetryState::source));
        return states;
    }

    private void fire(Path where) {
        synchronized (this) {
            if (closed || !pending.containsKey(where)) {
                return;
            }
        }
        redeploy.accept(where);
    }

    @Override
    public synchronized void close() {
        closed = true;
        pending.values().forEach(each -> each.cancel().cancel());
        pending.clear();
        if (ownThread != null) {
            ownThread.shutdownNow();
        }
    }
}
