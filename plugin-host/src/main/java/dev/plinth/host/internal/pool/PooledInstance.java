package dev.plinth.host.internal.pool;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.ExternalType;
import dev.plinth.abi.FuelTank;
import dev.plinth.wasm.shape.ModuleShape;
import java.util.List;

/**
 * What an {@link InstancePool} lends: one instance of a plugin version (a core module's with the modules it
 * links, or a component's core instances) with its memories against the plugin's memory limit and the fuel
 * tank its counter drains. The metering and the accounting both kinds report live here; how a call runs is
 * the subclass's. Single-threaded: lent to one caller at a time.
 */
public abstract sealed class PooledInstance implements AutoCloseable permits PluginInstance, ComponentPluginInstance {
    private static final long WASM_PAGE = 65536;

    /** The tables each core instance defines (not imports), for {@link #hostBytes}. */
    private final List<OwnTables> tables;
    /** The globals of all the core instances together: their number never changes. */
    private final long globals;
    private final MemoryBudget memory;
    /** The shared fuel counter's tank, or {@code null} when the instance is not metered. */
    private final FuelTank fuel;
    private long lastFuel = -1;

    PooledInstance(List<Instance> cores, MemoryBudget memory, FuelTank fuel) {
        this.tables = cores.stream().map(OwnTables::of).filter(own -> own.count() > 0).toList();
        this.globals = cores.stream().mapToLong(each -> each.module().globalSection().globalCount()).sum();
        this.memory = memory;
        this.fuel = fuel;
    }

    /** Whether it may serve another call: a call that left it half-updated or torn down says no. */
    public abstract boolean reusable();

    /** Drops it: what its guest left open in the host is closed. */
    @Override
    public abstract void close();

    /** Forgets the growth the last call had refused: a call starts with none. */
    final void forgetRefusedGrowth() {
        memory.forgetRefusals();
    }

    /** Fills the fuel counter to the budget for a call (a no-op when the instance is not metered). */
    final void fillFuel() {
        lastFuel = -1;
        if (fuel != null) {
            fuel.fill();
        }
    }

    /**
     * Throws the typed error of a call that failed because it spent its fuel; returns when it did not.
     *
     * @param where the function, as the error names it
     */
    final void throwIfFuelSpent(String where) {
        if (fuel != null && fuel.exhausted()) {
            throw fuel.exhaustedError(where);
        }
    }

    /** Records what the call spent, when the operator's budget meters it (not when fuel only backs a deadline). */
    final void endMetering() {
        if (fuel != null && !fuel.derived()) {
            lastFuel = fuel.consumed();
        }
    }

    /**
     * Stops the running call at its next fuel charge, from the deadline's watchdog thread: needed in interpreter
     * mode, where loops are not interrupted; a no-op for an instance without a shared counter.
     */
    public final void stop() {
        if (fuel != null) {
            fuel.stop();
        }
    }

    /**
     * Fuel the last call consumed, or -1 when the instance is not metered by the operator's budget (unmetered, or
     * metered only to back the deadline up).
     */
    public final long lastFuel() {
        return lastFuel;
    }

    /** Linear memory in use now, all the core instances' memories together, in bytes. */
    public final long memoryBytes() {
        return (long) memory.usedPages() * WASM_PAGE;
    }

    /** The most linear memory this instance may have, all its memories together, in bytes. */
    public final long maxMemoryBytes() {
        return (long) memory.maximumPages() * WASM_PAGE;
    }

    /**
     * What the core instances' tables and globals take of the host's heap now, in bytes: tables as they have
     * grown, at {@link ModuleShape#TABLE_ENTRY_BYTES} an entry.
     */
    public final long hostBytes() {
        long entries = 0;
        for (OwnTables own : tables) {
            for (int i = 0; i < own.count(); i++) {
                entries += own.instance().table(own.first() + i).size();
            }
        }
        return ModuleShape.tableBytes(entries) + globals * ModuleShape.GLOBAL_BYTES;
    }

    /**
     * The tables a core instance defines: indices {@code first} (after those it imports) to
     * {@code first + count - 1}. Found once: counting the imports walks the import section, and
     * {@link #hostBytes} runs after every call.
     */
    private record OwnTables(Instance instance, int first, int count) {
        static OwnTables of(Instance instance) {
            var module = instance.module();
            return new OwnTables(instance, module.importSection().count(ExternalType.TABLE),
                    module.tableSection().tableCount());
        }
    }

    /**
     * The size in bytes that a {@code memory.grow} refused during the current call asked for, or -1: for the
     * memories together when the plugin's limit refused it, for the one memory when its own maximum did. A trap
     * after such a refusal is the guest giving up for lack of memory.
     */
    public final long refusedGrowthBytes() {
        int pages = memory.refusedTargetPages();
        return pages < 0 ? -1 : (long) pages * WASM_PAGE;
    }

    /** The limit that refused the growth {@link #refusedGrowthBytes()} tells of, in bytes, or -1. */
    public final long refusedGrowthLimitBytes() {
        int pages = memory.refusedLimitPages();
        return pages < 0 ? -1 : (long) pages * WASM_PAGE;
    }
}
