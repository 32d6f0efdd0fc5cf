package dev.plinth.host.internal.engine;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.wasi.WasiExitException;
import dev.plinth.api.error.AbiViolationException;
import dev.plinth.api.error.HostHeapExhaustedException;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.api.error.PluginTimeoutException;
import dev.plinth.api.error.PluginTrapException;
import dev.plinth.api.error.StackExhaustedException;
import dev.plinth.abi.AbiViolation;
import dev.plinth.abi.GuestExit;
import dev.plinth.abi.HostFunctionFailure;
import dev.plinth.sandbox.net.HttpRequestFailedException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns whatever escaped a wasm call into one typed {@link PluginException}: the plugin's own
 * errors and limit hits pass through, a fired deadline becomes {@code timeout}, everything else is
 * a {@code trap} naming the wasm function where it happened when the engine can tell (an HTTP
 * request that could not be carried out is one, as in Extism, where the host function errs).
 * Two traps get types of their own, because they are limit hits and refusals rather than the
 * plugin's own bugs: a JVM stack overflow anywhere in the chain (Chicory wraps it in both modes)
 * is a {@link StackExhaustedException}, and an argument a host function refused is an
 * {@link AbiViolationException}. The host's heap running out anywhere in the chain (in the guest's
 * memory growth, a host function, Chicory) is a {@link HostHeapExhaustedException}
 * ({@code memory-limit}), whether or not the deadline fired too; any other {@link Error} that
 * {@link Containment} contains is a trap that names it.
 */
public final class FailureTranslator {
    /**
     * Thrown when even the words of a {@link HostHeapExhaustedException} do not fit in what is left
     * of the heap; made while there was room.
     */
    private static final HostHeapExhaustedException NO_ROOM_TO_SAY_MORE = new HostHeapExhaustedException(
            "a plugin was stopped: the host ran out of Java heap while working for it; its instance was discarded",
            null);

    /** Methods of Chicory's compiled classes are named after the wasm function index. */
    private static final Pattern COMPILED_FUNCTION = Pattern.compile("func_(\\d+)");

    private FailureTranslator() {
    }

    /**
     * @param failure what the call threw
     * @param deadlineFired whether the call's deadline interrupted it
     */
    public static PluginException translate(Throwable failure, String plugin, String function,
            CompiledModule module, Duration timeout, boolean deadlineFired) {
        String where = plugin + "." + function;
        OutOfMemoryError heap = outOfMemory(failure);
        if (heap != null) {
            return hostHeapExhausted(where, heap);
        }
        if (deadlineFired) {
            return new PluginTimeoutException(where + " ran past its deadline of " + timeout.toMillis() + " ms and was"
                    + " stopped", failure);
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PluginException known) {
                return known;
            }
            if (t instanceof StackOverflowError) {
                return new StackExhaustedException(where + " trapped: call stack exhausted (too deep recursion)",
                        wasmFunction(failure, module), failure);
            }
            if (t instanceof AbiViolation violation) {
                return new AbiViolationException(where + " trapped: " + t.getMessage(), violation.function(),
                        wasmFunction(failure, module), failure);
            }
            if (t instanceof HostFunctionFailure || t instanceof HttpRequestFailedException) {
                return new PluginTrapException(where + " trapped: " + t.getMessage(), wasmFunction(failure, module),
                        failure);
            }
            if (t instanceof GuestExit exit) {
                // a call's exit is read where the call ends; here it is an initializer's, which must return
                return new PluginFailureException(plugin, function, exit.code(), "called proc_exit(" + exit.code()
                        + ") instead of returning");
            }
            if (t instanceof WasiExitException exit) {
                return new PluginFailureException(plugin, function, exit.exitCode(), "called proc_exit("
                        + exit.exitCode() + ") instead of returning");
            }
            if (t instanceof ChicoryInterruptedException) {
                return new PluginTrapException(where + " was interrupted by the host", null, failure);
            }
        }
        if (failure instanceof Error && !(failure instanceof AssertionError)) {
            return new PluginTrapException(where + " failed in the host: " + failure.getClass().getName() + ": "
                    + ModuleCompiler.describe(failure), wasmFunction(failure, module), failure);
        }
        return new PluginTrapException(where + " trapped: " + ModuleCompiler.describe(failure),
                wasmFunction(failure, module), failure);
    }

    /**
     * The error for the host's heap running out while it worked for {@code where} (a plugin and the
     * function, or what it was doing).
     */
    public static HostHeapExhaustedException hostHeapExhausted(String where, OutOfMemoryError error) {
        return hostHeapExhausted(where, "", error);
    }

    /**
     * {@link #hostHeapExhausted(String, OutOfMemoryError)} for {@code plugin.function}, joined only
     * where running out of heap again is caught: a caller that joined them itself could fail there.
     */
    public static HostHeapExhaustedException hostHeapExhausted(String plugin, String function,
            OutOfMemoryError error) {
        try {
            String where = function.isEmpty() ? plugin : plugin + "." + function;
            return new HostHeapExhaustedException(where + " was stopped: the host ran out of Java heap ("
                    + ModuleCompiler.describe(error) + ") while working for it; its instance was discarded", error);
        } catch (OutOfMemoryError stillNoRoom) {
            // the instance that holds the heap is freed only once this is thrown: no room yet for words
            return NO_ROOM_TO_SAY_MORE;
        }
    }

    /** The {@link OutOfMemoryError} in {@code failure}'s cause chain, or {@code null}. */
    public static OutOfMemoryError outOfMemory(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof OutOfMemoryError error) {
                return error;
            }
        }
        return null;
    }

    /**
     * The innermost of the module's own functions on the stack, as far as compiled code shows it
     * (import stubs are skipped, so a bad host call names the guest function that made it; so is
     * the code of another module of the plugin, so a trap there names the function of this module
     * that called into it).
     */
    static String wasmFunction(Throwable failure, CompiledModule module) {
        if (module == null) {
            // a component's call before any of its core modules was prepared
            return null;
        }
        String machine = ModuleCompiler.machineClass(module.sha256());
        for (StackTraceElement frame : failure.getStackTrace()) {
            Matcher m = COMPILED_FUNCTION.matcher(frame.getMethodName());
            if (m.matches() && frame.getClassName().startsWith(machine)) {
                int index = Integer.parseInt(m.group(1));
                if (module.functionNames().isDefined(index)) {
                    return module.functionNames().of(index);
                }
            }
        }
        return null;
    }
}
