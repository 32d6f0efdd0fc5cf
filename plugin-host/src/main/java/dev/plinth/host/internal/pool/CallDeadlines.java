package dev.plinth.host.internal.pool;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Wall-clock deadlines for calls: when one expires, the calling thread is interrupted, which
 * Chicory's compiled code notices on its next back-branch or call. One timer thread per host.
 */
public final class CallDeadlines implements AutoCloseable {
    private final ScheduledThreadPoolExecutor timer;

    public CallDeadlines() {
        timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "plinth-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Arms a deadline for the current thread; close the result when the call ends. */
    public Deadline arm(Duration timeout) {
        Deadline deadline = new Deadline(Thread.currentThread());
        deadline.future = timer.schedule(deadline::fire, timeout.toNanos(), TimeUnit.NANOSECONDS);
        return deadline;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One armed deadline. Closing it guarantees that it will not interrupt the thread later. */
    public static final class Deadline implements AutoCloseable {
        private final Thread thread;
        private ScheduledFuture<?> future;
        private boolean active = true;
        private boolean fired;

        private Deadline(Thread thread) {
            this.thread = thread;
        }

        private synchronized void fire() {
            if (active) {
                fired = true;
                thread.interrupt();
            }
        }

        /** Whether the deadline expired while the call ran. */
        public synchronized boolean fired() {
            return fired;
        }

        @Override
        public void close() {
            boolean clearInterrupt;
            synchronized (this) {
                active = false;
                clearInterrupt = fired;
            }
            future.cancel(false);
            if (clearInterrupt) {
                Thread.interrupted();
            }
        }
    }
}
