package dev.plinth.host.internal.pool;

import com.dylibso.chicory.runtime.Instance;
import dev.plinth.abi.FuelTank;
import dev.plinth.component.ComponentInstance;
import dev.plinth.component.value.Value;
import dev.plinth.host.internal.component.ComponentHost;
import java.util.List;

/**
 * One instance of a component plugin: the component instance, its core instances, their memories against
 * the plugin's memory limit and the fuel tank their shared counter drains. Single-threaded, lent by its
 * pool to one caller at a time; a call that trapped or broke the canonical ABI leaves it dead, not
 * {@link #reusable()}, and it is discarded.
 */
public final class ComponentPluginInstance extends PooledInstance {
    private final ComponentInstance instance;
    private final ComponentHost.Imports imports;

    ComponentPluginInstance(ComponentInstance instance, List<Instance> cores, MemoryBudget memory, FuelTank fuel,
            ComponentHost.Imports imports) {
        super(cores, memory, fuel);
        this.imports = imports;
        this.instance = instance;
    }

    /**
     * Calls export {@code function} with {@code args}, the fuel counter filled to the budget first.
     *
     * @throws dev.plinth.api.error.FuelExhaustedException when the call spent its budget (the instance is dead)
     */
    public List<Value> call(String function, List<Value> args) {
        forgetRefusedGrowth();
        fillFuel();
        imports.begin(function);
        try {
            return instance.call(function, args);
        } catch (RuntimeException e) {
            throwIfFuelSpent(function);
            throw e;
        } finally {
            imports.end();
            endMetering();
        }
    }

    /** The instance is discarded: what its WASI guest left open is closed. */
    @Override
    public void close() {
        try {
            imports.close();
        } catch (RuntimeException e) {
            // nothing more to keep of an instance that is gone
        }
    }

    /** The component's exported functions and their types. */
    public java.util.Map<String, dev.plinth.component.type.FuncType> exports() {
        return instance.exports();
    }

    /** Not after a call trapped or broke the canonical ABI. */
    @Override
    public boolean reusable() {
        return !instance.isDead();
    }
}
