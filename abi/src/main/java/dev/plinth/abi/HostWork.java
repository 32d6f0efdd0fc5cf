package dev.plinth.abi;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;

/**
 * The one budget that the host work done for a call is charged against: the call's deadline and,
 * when the instance is metered, its fuel. Every WASI function checks it when called and between the
 * bounded pieces of a long job (an iovec walk, random bytes), so that work done on a guest's behalf
 * stops when its call is over, like the guest's own code.
 *
 * <p>The deadline is the calling thread's interrupt ({@code CallDeadlines} interrupts it): a host
 * function that finds it set throws, and the call ends as {@code timeout}. Fuel is taken as the
 * Extism ABI takes it (per call, and per byte moved).
 */
final class HostWork {
    private final GuestContext context;

    HostWork(GuestContext context) {
        this.context = context;
    }

    /** Stops the call if its deadline has passed. */
    void checkDeadline(String function) {
        if (Thread.currentThread().isInterrupted()) {
            throw new ChicoryInterruptedException("WASI " + function + " stopped: the call was interrupted (its"
                    + " deadline passed)");
        }
    }

    /** One host call: stops the call if its deadline has passed, and charges the call. */
    void call(String function) {
        checkDeadline(function);
        context.chargeCall();
    }

    /** The host is about to move {@code bytes} for the guest: stops the call if it is over, charges the bytes. */
    void bytes(String function, long bytes) {
        checkDeadline(function);
        context.chargeBytes(bytes);
    }
}
