package dev.plinth.component.wasi.internal;

import dev.plinth.security.policy.ClockAccess;
import java.time.Instant;

/**
 * The clocks a component reads, as granted: the real ones, or frozen ones (the wall clock at the epoch, the
 * monotonic clock at 1 ns, as WASI preview 1's frozen clock), where no time passes and no wait waits.
 */
final class Clocks {
    static final long FROZEN_MONOTONIC = 1;

    private final boolean real;
    private final long origin = System.nanoTime();

    Clocks(ClockAccess access) {
        this.real = access == ClockAccess.REAL;
    }

    boolean real() {
        return real;
    }

    /** Nanoseconds since an arbitrary origin, never below 1. */
    long monotonic() {
        return real ? System.nanoTime() - origin + 1 : FROZEN_MONOTONIC;
    }

    Instant wall() {
        return real ? Instant.now() : Instant.EPOCH;
    }

    /** Whether {@code p} is ready now. Frozen time makes every wait ready: nothing can be learnt by waiting. */
    boolean ready(Pollable p) {
        return !real || p.instant() == Pollable.NOW || monotonic() >= p.instant();
    }

    /** Waits until {@code p} is ready (interruptible: the engine's deadline interrupts the thread). */
    void block(Pollable p) {
        while (!ready(p)) {
            long nanos = p.instant() - monotonic();
            try {
                Thread.sleep(Math.max(1, nanos / 1_000_000), (int) Math.max(0, nanos % 1_000_000) % 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new dev.plinth.api.error.PluginTrapException("a wasi:io/poll wait was interrupted by the host",
                        null, e);
            }
        }
    }
}
