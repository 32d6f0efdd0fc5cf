package dev.plinth.host.internal.pool;

import com.dylibso.chicory.runtime.GlobalFactory;
import com.dylibso.chicory.runtime.GlobalInstance;
import dev.plinth.abi.DrainableFuelCounter;
import dev.plinth.abi.FuelTank;
import com.dylibso.chicory.wasm.types.MutabilityType;
import com.dylibso.chicory.wasm.types.ValType;

/**
 * Creates one instance's globals, in index order as Chicory asks for them, and connects the fuel
 * tank to the counter the moment it exists: before the start section runs, so that host
 * functions the start function calls are charged too. With a shared counter (interpreter mode),
 * the counter is a {@link DrainableFuelCounter}, which the deadline can drain.
 */
final class FuelCounterFactory implements GlobalFactory {
    private final int counterIndex;
    private final FuelTank tank;
    private final boolean drainable;
    private int next;

    FuelCounterFactory(int counterIndex, FuelTank tank, boolean drainable) {
        this.counterIndex = counterIndex;
        this.tank = tank;
        this.drainable = drainable;
    }

    @Override
    public GlobalInstance create(long value, long highValue, ValType type, MutabilityType mutability) {
        int index = next++;
        if (index != counterIndex) {
            return new GlobalInstance(value, highValue, type, mutability);
        }
        GlobalInstance counter = drainable ? new DrainableFuelCounter(value, mutability)
                : new GlobalInstance(value, highValue, type, mutability);
        tank.attach(counter);
        return counter;
    }
}
