package dev.plinth.spring.lifecycle;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts running calls, cheaply on the call path, and lets one thread wait for the count to reach zero. */
final class InFlightCalls {
    private static final long MAX_WAIT_SLICE_MILLIS = 50;

    private final AtomicInteger count = new AtomicInteger();

    void enter() {
        count.incrementAndGet();
    }

    void leave() {
        if (count.decrementAndGet() == 0) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    int count() {
        return count.get();
    }

    /** Waits in short slices, so that a wake-up missed between check and wait costs at most one slice. */
    synchronized boolean awaitZero(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count.get() > 0) {
            long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMillis <= 0) {
                return false;
            }
            wait(Math.min(leftMillis, MAX_WAIT_SLICE_MILLIS));
        }
        return true;
    }
}
