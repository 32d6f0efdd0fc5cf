package dev.plinth.host.internal.pool;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import dev.plinth.api.error.FuelExhaustedException;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.api.error.PluginTimeoutException;
import dev.plinth.abi.FuelTank;
import dev.plinth.abi.GuestContext;
import dev.plinth.abi.GuestExit;
import dev.plinth.abi.WasiSandbox;
import dev.plinth.wasm.shape.ModuleShape;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One wasm instance with its Extism context (for a plugin of several modules, one instance of each
 * module, linked; calls go to the main module's). Single-threaded: the pool lends it to one caller
 * at a time. After a trap it must be discarded, since its memory may be half-updated; so must it
 * after a call that ended in {@code proc_exit} or ran {@code _start} ({@link #spent()}).
 */
public final class PluginInstance implements AutoCloseable {
    private static final long WASM_PAGE = 65536;
    /** A WASI command's entry point: it may tear its runtime down, so Extism makes a new instance after it. */
    static final String COMMAND_START = "_start";

    /** The main module's instance, whose exports are called. */
    private final Instance instance;
    /** Every module's instance, the main one's too. */
    private final List<Instance> instances;
    private final GuestContext context;
    private final WasiSandbox wasi;
    /** All the linear memories of the modules' instances (none, when no module has one: Extism's memory is the host's). */
    private final MemoryBudget memory;
    private final FuelTank fuel;
    private final Map<String, ExportFunction> exports = new HashMap<>();
    private long lastFuel = -1;
    private boolean spent;

    PluginInstance(Instance instance, List<Instance> instances, GuestContext context, WasiSandbox wasi,
            MemoryBudget memory, FuelTank fuel) {
        this.fuel = fuel;
        this.instance = instance;
        this.instances = List.copyOf(instances);
        this.context = context;
        this.wasi = wasi;
        this.memory = memory;
    }

    /**
     * Runs an export with {@code input}: one of type {@code () -> i32} returns its code, one of
     * type {@code () -> ()} counts as returning 0, as in Extism. A guest that calls
     * {@code proc_exit(0)} has succeeded and its output stands (unless it set an error); another
     * exit code is a failure that carries it.
     *
     * @return the output the plugin set (empty if none)
     * @throws PluginFailureException when the export returns non-zero, sets an error message (also
     *     with 0, as in Extism) or exits with a non-zero code; the instance stays usable unless it
     *     exited ({@link #spent()})
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
        spent = spent || function.equals(COMMAND_START);
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
                long[] results = export.apply();
                rc = results == null || results.length == 0 ? 0 : (int) results[0];
            } catch (FuelExhaustedException | PluginTimeoutException e) {
                throw e;
            } catch (RuntimeException e) {
                if (fuel != null && fuel.exhausted()) {
                    throw fuel.exhaustedError(context.pluginName() + "." + function);
                }
                GuestExit exit = GuestExit.in(e);
                if (exit == null) {
                    throw e;
                }
                spent = true;
                return exited(function, exit.code());
            } finally {
                if (fuel != null && !fuel.derived()) {
                    lastFuel = fuel.consumed();
                }
            }
            // As Extism's runtime judges a call: an error message set fails it, whatever the export returned.
            String message = context.error();
            if (rc != 0 || message != null) {
                throw new PluginFailureException(context.pluginName(), function, rc,
                        message == null ? "the plugin returned " + rc + " without setting an error message" : message);
            }
            return context.output();
        } finally {
            context.end();
        }
    }

    /**
     * The end of a call whose guest called {@code proc_exit(code)}: as in Extism, 0 with no error
     * set is success with the output set so far; otherwise a failure carrying the code.
     */
    private byte[] exited(String function, int code) {
        String message = context.error();
        if (code == 0 && message == null) {
            return context.output();
        }
        throw new PluginFailureException(context.pluginName(), function, code,
                message == null ? "the plugin exited with proc_exit(" + code + ")" : message);
    }

    /**
     * Whether this instance must not serve another call: its last call ended in {@code proc_exit}
     * (its stack was cut short) or was {@code _start} (a WASI command's, which may tear its
     * runtime down; Extism makes a new instance after it too).
     */
    public boolean spent() {
        return spent;
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

    /** Linear memory currently in use, by all the modules' memories together, in bytes. */
    public long memoryBytes() {
        return (long) memory.usedPages() * WASM_PAGE;
    }

    /**
     * What this instance's tables and globals take of the host's heap now, in bytes: tables as
     * they have grown, at {@link ModuleShape#TABLE_ENTRY_BYTES} an entry; every module's.
     */
    public long hostBytes() {
        long entries = 0;
        long globals = 0;
        for (Instance each : instances) {
            var module = each.module();
            int imported = module.importSection().count(com.dylibso.chicory.wasm.types.ExternalType.TABLE);
            for (int i = 0; i < module.tableSection().tableCount(); i++) {
                entries += each.table(imported + i).size();
            }
            globals += module.globalSection().globalCount();
        }
        return ModuleShape.tableBytes(entries) + globals * ModuleShape.GLOBAL_BYTES;
    }

    /** The most linear memory this instance may have, all its memories together, in bytes. */
    public long maxMemoryBytes() {
        return (long) memory.maximumPages() * WASM_PAGE;
    }

    /**
     * The size in bytes that a {@code memory.grow} refused during the current call asked for, or -1:
     * for the memories together when the plugin's limit refused it, for the one memory when its own
     * maximum did. A trap after such a refusal is the guest giving up for lack of memory.
     */
    public long refusedGrowthBytes() {
        int pages = memory.refusedTargetPages();
        return pages < 0 ? -1 : (long) pages * WASM_PAGE;
    }

    /** The limit that refused the growth {@link #refusedGrowthBytes()} tells of, in bytes, or -1. */
    public long refusedGrowthLimitBytes() {
        int pages = memory.refusedLimitPages();
        return pages < 0 ? -1 : (long) pages * WASM_PAGE;
    }

    @Override
    public void close() {
        if (wasi != null) {
            wasi.close();
        }
    }
}
