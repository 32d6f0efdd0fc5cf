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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One wasm instance with its Extism context (for a plugin of several modules, one instance of each
 * module, linked; calls go to the main module's). Single-threaded: the pool lends it to one caller
 * at a time. After a trap it must be discarded, since its memory may be half-updated; so must it
 * after a call that ended in {@code proc_exit} or ran {@code _start} ({@link #reusable()}).
 */
public final class PluginInstance extends PooledInstance {
    /** A WASI command's entry point: it may tear its runtime down, so Extism makes a new instance after it. */
    static final String COMMAND_START = "_start";

    /** The main module's instance, whose exports are called. */
    private final Instance instance;
    private final GuestContext context;
    private final WasiSandbox wasi;
    private final Map<String, ExportFunction> exports = new HashMap<>();
    private boolean spent;

    /**
     * {@code instances} are every module's, the main one's too; {@code memory} holds all their linear memories
     * (none, when no module has one: Extism's memory is the host's).
     */
    PluginInstance(Instance instance, List<Instance> instances, GuestContext context, WasiSandbox wasi,
            MemoryBudget memory, FuelTank fuel) {
        super(instances, memory, fuel);
        this.instance = instance;
        this.context = context;
        this.wasi = wasi;
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
     *     exited ({@link #reusable()})
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
        forgetRefusedGrowth();
        spent = spent || function.equals(COMMAND_START);
        if (wasi != null) {
            wasi.beginCall();
        }
        context.begin(function, input);
        context.deadline(deadlinePassed);
        fillFuel();
        try {
            int rc;
            try {
                long[] results = export.apply();
                rc = results == null || results.length == 0 ? 0 : (int) results[0];
            } catch (FuelExhaustedException | PluginTimeoutException e) {
                throw e;
            } catch (RuntimeException e) {
                throwIfFuelSpent(context.pluginName() + "." + function);
                GuestExit exit = GuestExit.in(e);
                if (exit == null) {
                    throw e;
                }
                spent = true;
                return exited(function, exit.code());
            } finally {
                endMetering();
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
     * Not after a call that ended in {@code proc_exit} (its stack was cut short) or was {@code _start} (a WASI
     * command's, which may tear its runtime down; Extism makes a new instance after it too).
     */
    @Override
    public boolean reusable() {
        return !spent;
    }

    @Override
    public void close() {
        if (wasi != null) {
            wasi.close();
        }
    }
}
