package dev.plinth.wasm.testing;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import dev.plinth.wasm.fuel.FuelMeter;
import dev.plinth.wasm.fuel.MeteredModule;

/**
 * Calls an export of a metered instance the way the host does: set the budget, call, read the
 * counter, and tell fuel exhaustion from other traps by the sign of the counter.
 */
public final class MeteredCall {
    private MeteredCall() {
    }

    /** What a metered call did. {@code results} is null when it trapped. */
    public record Outcome(long[] results, long consumed, boolean exhausted, RuntimeException trap) {
        public long result() {
            if (results == null) {
                throw new AssertionError("the call trapped", trap);
            }
            return results[0];
        }
    }

    public static Outcome call(Instance instance, MeteredModule metered, long budget, String export, long... args) {
        GlobalInstance fuel = instance.exports().global(metered.fuelGlobalExport());
        fuel.setValue(budget);
        try {
            long[] results = instance.export(export).apply(args);
            return new Outcome(results == null ? new long[0] : results, budget - fuel.getValue(), false, null);
        } catch (ChicoryException e) {
            long remaining = fuel.getValue();
            return new Outcome(null, budget - remaining, FuelMeter.isExhausted(remaining), e);
        }
    }
}
