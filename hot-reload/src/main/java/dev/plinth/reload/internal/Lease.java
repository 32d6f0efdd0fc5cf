package dev.plinth.reload.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the calls that picked one version, so that the version is closed only after the last of
 * them has finished. A caller that finds the lease retired must pick again: by then the routing
 * no longer offers this version, because a version is retired only after it was taken out of
 * routing. Lock-free and thread-safe.
 *
 * <p>Correctness rests on the order of two volatile accesses on each side: a caller increments
 * the count and then reads {@code retired}; {@link #retire()} sets {@code retired} and then reads
 * the count. Whichever comes second sees the other, so either the caller backs out, or the retiring
 * side leaves the close to the caller's {@link #exit()}.
 */
public final class Lease {
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Runnable onClose;
    private volatile boolean retired;

    /** @param onClose closes the version; run once, on whichever thread lets go last */
    public Lease(Runnable onClose) {
        this.onClose = onClose;
    }

    /** Enters a call; when false, the version is retired and the caller must pick another. */
    public boolean tryEnter() {
        inFlight.incrementAndGet();
        if (retired) {
            exit();
            return false;
        }
        return true;
    }

    /** Leaves a call entered with {@link #tryEnter()}. */
    public void exit() {
        if (inFlight.decrementAndGet() == 0 && retired) {
            closeOnce();
        }
    }

    /** Takes no more calls; closes now if none is running, or when the last one exits. */
    public void retire() {
        retired = true;
        if (inFlight.get() == 0) {
            closeOnce();
        }
    }

    public boolean retired() {
        return retired;
    }

    /** Calls running now. */
    public int inFlight() {
        return Math.max(0, inFlight.get());
    }

    private void closeOnce() {
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
    }
}
