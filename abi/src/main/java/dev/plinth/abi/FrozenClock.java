package dev.plinth.abi;

import static com.dylibso.chicory.wasm.types.ValType.I32;
import static com.dylibso.chicory.wasm.types.ValType.I64;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.util.List;

/**
 * WASI's {@code clock_time_get} for a plugin not granted the clock: time stands still. The wall
 * clock reads the epoch (0); the monotonic and CPU-time clocks read {@value #FROZEN_MONOTONIC_NANOS}
 * ns, not 0, because Go's runtime refuses to start on a monotonic clock of zero ("nanotime
 * returning zero") and those clocks' origin is arbitrary anyway. Nothing advances, so no reading
 * tells a plugin anything about time. Chicory's own implementation takes the wall clock from a
 * {@link java.time.Clock} but reads the monotonic clock straight from {@link System#nanoTime()}, so
 * freezing both needs this replacement.
 */
final class FrozenClock {
    static final String FUNCTION = "clock_time_get";
    /** realtime, monotonic, process and thread CPU time: the clock ids of WASI preview 1. */
    private static final int CLOCK_IDS = 4;
    private static final int CLOCK_REALTIME = 0;
    /** What the monotonic, process and thread clocks read. */
    static final long FROZEN_MONOTONIC_NANOS = 1L;
    private static final int ERRNO_SUCCESS = 0;
    private static final int ERRNO_INVAL = 28;

    private FrozenClock() {
    }

    static HostFunction clockTimeGet() {
        return new HostFunction(WasiModule.MODULE, FUNCTION, FunctionType.of(List.of(I32, I64, I32), List.of(I32)),
                (instance, args) -> {
                    int clockId = (int) args[0];
                    if (clockId < 0 || clockId >= CLOCK_IDS) {
                        return new long[] {ERRNO_INVAL};
                    }
                    long nanos = clockId == CLOCK_REALTIME ? 0L : FROZEN_MONOTONIC_NANOS;
                    instance.memory().writeLong((int) args[2], nanos);
                    return new long[] {ERRNO_SUCCESS};
                });
    }
}
