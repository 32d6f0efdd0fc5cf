package dev.plinth.host.internal.pool;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import dev.plinth.api.error.FuelExhaustedException;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.api.error.PluginTimeoutException;
import dev.plinth.abi.FuelTank;
import dev.plinth.abi.GuestContext;
import dev.plinth.abi.WasiSandbox;
import dev.plinth.wasm.shape.ModuleShape;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One wasm instance with its Extism context. Single-threaded: the pool lends it to one caller at
 * a time. After a trap it must be discarded, since its memory may be half-updated.
 */
public final class PluginInstance implements AutoCloseable {
    private static final long WASM_PAGE = 65536;

    private final Instance instance;
    private final GuestContext context;
    private final WasiSandbox wasi;
    private final GrowthRecordingMemory memory;
    private final FuelTank fuel;
    private final Map<String, ExportFunction> exports = new HashMap<>();
    private long lastFuel = -1;

    PluginInstance(Instance instance, GuestContext context, WasiSandbox wasi, GrowthRecordingMemory memory,
            FuelTank fuel) {
        this.fuel = fuel;
        this.instance = instance;
        this.context = context;
        this.wasi = wasi;
        this.memory = memory;
    }

    /**
     * Runs an export with {@code input}.
     *
     * @return the output the plugin set (empty if none)
     * @throws PluginFailureException when the export returns non-zero; the instance stays usable
     * @throws FuelExhaustedException when a metered call spends its budget
     */
    public byte[] call(String function, byte[] input) {
        return call(function, input, null);
    }

    /**
     * Runs an export with {@code input} under a deadline: {@code deadlinePassed} tells host
     * functions when it has passed, even if an application's host function swallowed the
     * interrupt that announced it.
     */
    public byte[] call(String function, byte[] input, BooleanSupplier deadlinePassed) {
        ExportFunction export = exports.computeIfAbsent(function, instance::export);
        memory.forgetRefusals();
        if (wasi != null) {
            wasi.beginCall();
        }
        context.begin(function, input);
        context.deadline(deadlinePassed);
        lastFuel = -1;
        if (fuel != null) {
            fuel.fill();
        }
        try {
            int rc;
            try {
                rc = (int) export.apply()[0];
            } catch (FuelExhaustedException | PluginTimeoutException e) {
                throw e;
            } catch (RuntimeException e) {
                if (fuel != null && fuel.exhausted()) {
                    throw fuel.exhaustedError(context.pluginName() + "." + function);
                }
                throw e;
            } finally {
                if (fuel != null && !fuel.derived()) {
                    lastFuel = fuel.consumed();
                }
            }
            if (rc != 0) {
                String message = context.error();
                throw new PluginFailureException(context.pluginName(), function, rc,
                        message == null ? "the plugin returned " + rc + " without setting an error message" : message);
            }
            return context.output();
        } finally {
            context.end();
        }
    }

    /**
     * Stops the running call at its next fuel charge, from the deadline's watchdog thread: needed
     * in interpreter mode, where loops are not interrupted; a no-op for instances without a shared
     * counter.
     */
    public void stop() {
        if (fuel != null) {
            fuel.stop();
        }
    }

    /**
     * Fuel the last call consumed, or -1 when the instance is not metered by the operator's budget
     * (unmetered, or metered only to back the deadline up).
     */
    public long lastFuel() {
        return lastFuel;
    }

    /** Linear memory currently in use, in bytes. */
    public long memoryBytes() {
        return (long) memory.pages() * WASM_PAGE;
    }

    /**
     * What this instance's tables and globals take of the host's heap now, in bytes: tables as
     * they have grown, at {@link ModuleShape#TABLE_ENTRY_BYTES} an entry.
     */
    public long hostBytes() {
        var module = instance.module();
        long entries = 0;
        for (int i = 0; i < module.tableSection().tableCount(); i++) {
            entries += instance.table(i).size();
        }
        return ModuleShape.tableBytes(entries) + module.globalSection().globalCount() * ModuleShape.GLOBAL_BYTES;
    }

    /** The most linear memory this instance may have, in bytes. */
    public long maxMemoryBytes() {
        return (long) memory.maximumPages() * WASM_PAGE;
    }

    /**
     * The size in bytes that a {@code memory.grow} refused during the current call asked for, or -1.
     * A trap after such a refusal is the guest giving up for lack of memory.
     */
    public long refusedGrowthBytes() {
        int pages = memory.refusedTargetPages();
        return pages < 0 ? -1 : (long) pages * WASM_PAGE;
    }

    @Override
    public void close() {
        if (wasi != null) {
            wasi.close();
        }
    }
}
