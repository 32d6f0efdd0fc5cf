package dev.plinth.host.internal.pool;

import com.dylibso.chicory.runtime.Instance;
import dev.plinth.abi.FuelTank;
import dev.plinth.component.ComponentInstance;
import dev.plinth.component.value.Value;
import dev.plinth.host.internal.component.ComponentHost;
import dev.plinth.wasm.shape.ModuleShape;
import java.util.List;

/**
 * One instance of a component plugin: the component instance, its core instances, their memories against
 * the plugin's memory limit and the fuel tank their shared counter drains. Single-threaded, lent by its
 * pool to one caller at a time; a call that trapped or broke the canonical ABI leaves it dead
 * ({@link #dead()}), and it is discarded.
 */
public final class ComponentPluginInstance {
    private static final long WASM_PAGE = 65536;

    private final ComponentInstance instance;
    private final List<Instance> cores;
    private final MemoryBudget memory;
    private final FuelTank fuel;
    private final ComponentHost.Imports imports;
    private long lastFuel = -1;

    ComponentPluginInstance(ComponentInstance instance, List<Instance> cores, MemoryBudget memory, FuelTank fuel,
            ComponentHost.Imports imports) {
        this.imports = imports;
        this.instance = instance;
        this.cores = List.copyOf(cores);
        this.memory = memory;
        this.fuel = fuel;
    }

    /**
     * Calls export {@code function} with {@code args}, the fuel counter filled to the budget first.
     *
     * @throws dev.plinth.api.error.FuelExhaustedException when the call spent its budget (the instance is dead)
     */
    public List<Value> call(String function, List<Value> args) {
        memory.forgetRefusals();
        lastFuel = -1;
        if (fuel != null) {
            fuel.fill();
        }
        imports.begin(function);
        try {
            return instance.call(function, args);
        } catch (RuntimeException e) {
            if (fuel != null && fuel.exhausted()) {
                throw fuel.exhaustedError(function);
            }
            throw e;
        } finally {
            imports.end();
            if (fuel != null && !fuel.derived()) {
                lastFuel = fuel.consumed();
            }
        }
    }

    /** The instance is discarded: what its WASI guest left open is closed. */
    void close() {
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

    /** Whether a call trapped or broke the canonical ABI: the instance must not serve again. */
    public boolean dead() {
        return instance.isDead();
    }

    /** Stops the running call at its next fuel charge (interpreter mode: the deadline drains the counter). */
    public void stop() {
        if (fuel != null) {
            fuel.stop();
        }
    }

    /** Fuel the last call consumed, or -1 when the version is not metered by the operator's budget. */
    public long lastFuel() {
        return lastFuel;
    }

    /** Linear memory in use by all the core memories together, in bytes. */
    public long memoryBytes() {
        return (long) memory.usedPages() * WASM_PAGE;
    }

    /** What the core instances' tables and globals take of the host's heap, in bytes (an estimate). */
    public long hostBytes() {
        long entries = 0;
        long globals = 0;
        for (Instance each : cores) {
            var module = each.module();
            int imported = module.importSection().count(com.dylibso.chicory.wasm.types.ExternalType.TABLE);
            for (int i = 0; i < module.tableSection().tableCount(); i++) {
                entries += each.table(imported + i).size();
            }
            globals += module.globalSection().globalCount();
        }
        return ModuleShape.tableBytes(entries) + globals * ModuleShape.GLOBAL_BYTES;
    }

    /** The size a {@code memory.grow} refused during the current call asked for, in bytes, or -1. */
    public long refusedGrowthBytes() {
        int pages = memory.refusedTargetPages();
        return pages < 0 ? -1 : (long) pages * WASM_PAGE;
    }

    /** The limit that refused the growth {@link #refusedGrowthBytes()} tells of, in bytes, or -1. */
    public long refusedGrowthLimitBytes() {
        int pages = memory.refusedLimitPages();
        return pages < 0 ? -1 : (long) pages * WASM_PAGE;
    }
}
