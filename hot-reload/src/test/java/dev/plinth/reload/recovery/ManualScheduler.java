package dev.plinth.reload.recovery;

import dev.plinth.reload.RetryScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Keeps the retries a registry schedules and runs them when the test says, so no test waits for a backoff. */
final class ManualScheduler implements RetryScheduler {
    /** One retry waiting: its delay, and whether the registry called it off. */
    static final class Scheduled {
        final Runnable retry;
        final Duration delay;
        volatile boolean cancelled;

        Scheduled(Runnable retry, Duration delay) {
            this.retry = retry;
            this.delay = delay;
        }
    }

    private final List<Scheduled> scheduled = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();

    @Override
    public synchronized Cancellable schedule(Runnable retry, Duration delay) {
        Scheduled one = new Scheduled(retry, delay);
        scheduled.add(one);
        delays.add(delay);
        return () -> one.cancelled = true;
    }

    /** The retries waiting and not called off. */
    synchronized List<Scheduled> waiting() {
        return scheduled.stream().filter(one -> !one.cancelled).toList();
    }

    /** Every delay asked for, in order. */
    synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }

    /** Runs the one retry waiting, as if its delay had passed. */
    void runTheWaitingRetry() {
        List<Scheduled> waiting = waiting();
        if (waiting.size() != 1) {
            throw new AssertionError("expected one retry waiting, found " + waiting.size());
        }
        Scheduled one = waiting.get(0);
        synchronized (this) {
            scheduled.remove(one);
        }
        one.retry.run();
    }
}
