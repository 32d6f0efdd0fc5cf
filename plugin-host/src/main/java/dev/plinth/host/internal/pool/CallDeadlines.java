package dev.plinth.host.internal.pool;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Wall-clock deadlines for calls and instantiations: when one expires, the calling thread is
 * interrupted, which Chicory's compiled code notices on its next back-branch or call, and the
 * deadline's expiry action runs (for a metered instance: drain its fuel counter, which the
 * interpreter notices at its next charge, since it does not check for interruption on every
 * branch).
 *
 * <p>One watchdog thread per host scans the armed deadlines. Arming one costs a set insertion and
 * wakes the watchdog only when the new deadline is earlier than its next scan, so calls with the
 * usual timeout never signal another thread. The watchdog scans at least every
 * {@link #MAX_LATENESS}, which bounds how late a deadline can fire.
 */
public final class CallDeadlines implements AutoCloseable {
    /** The longest a deadline may fire after it expires. */
    static final long MAX_LATENESS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Set<Deadline> armed = ConcurrentHashMap.newKeySet();
    private final Thread watchdog;
    private volatile long nextScan = Long.MAX_VALUE;
    private volatile boolean closed;

    public CallDeadlines() {
        watchdog = new Thread(this::watch, "plinth-deadlines");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Arms a deadline for the current thread; close the result when the call ends. */
    public Deadline arm(Duration timeout) {
        return arm(timeout, null);
    }

    /**
     * Arms a deadline for the current thread that also runs {@code onExpiry} (on the watchdog
     * thread, so it must be quick and must not block) when it fires; close the result when the
     * call ends. {@code onExpiry} never runs after the deadline is closed.
     */
    public Deadline arm(Duration timeout, Runnable onExpiry) {
        Deadline deadline = new Deadline(Thread.currentThread(), System.nanoTime() + timeout.toNanos(), onExpiry);
        armed.add(deadline);
        if (deadline.expiresAt - nextScan < 0) {
            LockSupport.unpark(watchdog);
        }
        return deadline;
    }

    private void watch() {
        while (!closed) {
            long now = System.nanoTime();
            long earliest = now + MAX_LATENESS;
            try {
                for (Deadline deadline : armed) {
                    if (deadline.expiresAt - now <= 0) {
                        deadline.fire();
                        armed.remove(deadline);
                    } else if (deadline.expiresAt - earliest < 0) {
                        earliest = deadline.expiresAt;
                    }
                }
            } catch (OutOfMemoryError e) {
                // a plugin is exhausting the heap (the scan allocates an iterator): the watchdog
                // must outlive it, or no deadline would fire again; scan again shortly
                earliest = now + MAX_LATENESS;
            }
            nextScan = earliest;
            LockSupport.parkNanos(this, earliest - now);
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(watchdog);
    }

    /** One armed deadline. Closing it guarantees that it will not interrupt the thread later. */
    public final class Deadline implements AutoCloseable {
        private final Thread thread;
        private final long expiresAt;
        private final Runnable onExpiry;
        private boolean active = true;
        private boolean fired;

        private Deadline(Thread thread, long expiresAt, Runnable onExpiry) {
            this.thread = thread;
            this.expiresAt = expiresAt;
            this.onExpiry = onExpiry;
        }

        private synchronized void fire() {
            if (active) {
                fired = true;
                thread.interrupt();
                if (onExpiry != null) {
                    try {
                        onExpiry.run();
                    } catch (RuntimeException e) {
                        // the interrupt is sent; an expiry action must not stop the watchdog
                    }
                }
            }
        }

        /** Whether the deadline expired while the call ran. */
        public synchronized boolean fired() {
            return fired;
        }

        @Override
        public void close() {
            armed.remove(this);
            boolean clearInterrupt;
            synchronized (this) {
                active = false;
                clearInterrupt = fired;
            }
            if (clearInterrupt) {
                Thread.interrupted();
            }
        }
    }
}
