package dev.plinth.host.internal.abi;

/**
 * How many bytes of stdout and stderr together one instance may log per call; the instance resets
 * it when a call begins. Single-threaded, like the instance.
 */
public final class StdioBudget {
    private final long maxBytes;
    private long used;
    private boolean announced;

    public StdioBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** A fresh budget for the next call. */
    public void reset() {
        used = 0;
        announced = false;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Takes one byte; false once the budget is spent. */
    boolean take() {
        if (used >= maxBytes) {
            return false;
        }
        used++;
        return true;
    }

    /** True the first time it is asked after the budget ran out in this call. */
    boolean announceOnce() {
        if (announced) {
            return false;
        }
        announced = true;
        return true;
    }
}
