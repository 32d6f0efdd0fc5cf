package dev.plinth.host.internal.pool;

import com.dylibso.chicory.runtime.GlobalFactory;
import com.dylibso.chicory.runtime.GlobalInstance;
import dev.plinth.abi.DrainableFuelCounter;
import dev.plinth.abi.FuelTank;
import com.dylibso.chicory.wasm.types.MutabilityType;
import com.dylibso.chicory.wasm.types.ValType;

/**
 * Creates one module instance's globals, in index order as Chicory asks for them, and connects the
 * fuel tank to the counter the moment it exists: before the start section runs, so that host
 * functions the start function calls are charged too. With a shared counter (interpreter mode),
 * the counter is a {@link DrainableFuelCounter}, which the deadline can drain.
 *
 * <p>Every module of a plugin instance gets the same counter ({@link Counter}): each module's
 * metered code writes its copy of the counter back before it calls an import and reloads it after,
 * so a call from one module into another spends the one budget, as calls into the host do.
 */
final class FuelCounterFactory implements GlobalFactory {
    private final int counterIndex;
    private final Counter counter;
    private int next;

    FuelCounterFactory(int counterIndex, Counter counter) {
        this.counterIndex = counterIndex;
        this.counter = counter;
    }

    @Override
    public GlobalInstance create(long value, long highValue, ValType type, MutabilityType mutability) {
        int index = next++;
        if (index != counterIndex) {
            return new GlobalInstance(value, highValue, type, mutability);
        }
        return counter.of(value, highValue, type, mutability);
    }

    /**
     * The one fuel counter of a plugin instance, made by whichever of its modules is instantiated
     * first (each module's counter starts at the same budget) and attached to the instance's tank.
     */
    static final class Counter {
        private final FuelTank tank;
        private final boolean drainable;
        private GlobalInstance global;

        Counter(FuelTank tank, boolean drainable) {
            this.tank = tank;
            this.drainable = drainable;
        }

        GlobalInstance of(long value, long highValue, ValType type, MutabilityType mutability) {
            if (global == null) {
                global = drainable ? new DrainableFuelCounter(value, mutability)
                        : new GlobalInstance(value, highValue, type, mutability);
                tank.attach(global);
            }
            return global;
        }
    }
}
