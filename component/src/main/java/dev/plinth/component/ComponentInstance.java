package dev.plinth.component;

import dev.plinth.component.CanonicalAbiException.Violation;
import dev.plinth.component.internal.abi.AbiLimits;
import dev.plinth.component.internal.abi.CallContext;
import dev.plinth.component.internal.abi.Layout;
import dev.plinth.component.internal.abi.Lifter;
import dev.plinth.component.internal.abi.Lowerer;
import dev.plinth.component.internal.runtime.Instantiator;
import dev.plinth.component.internal.runtime.LiftedFunction;
import dev.plinth.component.type.FuncType;
import dev.plinth.component.type.ValueType;
import dev.plinth.component.value.InvalidValueException;
import dev.plinth.component.value.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An instantiated component whose exported functions are called with {@link Value}s through the canonical
 * ABI. A trap in the guest or a broken ABI rule kills the instance: that call fails with a
 * {@link dev.plinth.api.error.PluginTrapException} and every later call with
 * {@link CanonicalAbiException} ({@code DEAD_INSTANCE}). A bad value from the caller is an
 * {@link InvalidValueException} and leaves the instance alive. Not thread-safe: one call at a time.
 */
public final class ComponentInstance {
    private final Map<String, LiftedFunction> exports;
    private final Instantiator.Result linked;
    private final AbiLimits limits;
    private String deathCause;
    private boolean inCall;

    ComponentInstance(Instantiator.Result linked) {
        this.linked = linked;
        this.exports = linked.exports();
        this.limits = linked.limits();
    }

    /** The exported functions and their types, by name; functions of exported instances as {@code iface#name}. */
    public Map<String, FuncType> exports() {
        Map<String, FuncType> types = new TreeMap<>();
        exports.forEach((name, f) -> types.put(name, f.type()));
        return types;
    }

    /** True once a call trapped or broke the canonical ABI; a dead instance refuses calls. */
    public boolean isDead() {
        return deathCause != null;
    }

    /** Calls the exported function {@code name} with {@code args}, one per parameter, and returns its results. */
    public List<Value> call(String name, List<Value> args) {
        LiftedFunction function = exports.get(name);
        if (function == null) {
            throw new InvalidValueException("the component exports no function '" + name + "' (it exports "
                    + exports.keySet() + ")");
        }
        if (deathCause != null) {
            throw new CanonicalAbiException(Violation.DEAD_INSTANCE, "the instance is dead since an earlier call "
                    + deathCause);
        }
        if (inCall) {
            // The canonical ABI forbids re-entering an instance, e.g. from one of its own imports.
            throw new IllegalStateException("the component instance is already in a call: " + name
                    + " may not re-enter it (from a host import, or another thread)");
        }
        inCall = true;
        try {
            return callOnce(name, function, args);
        } finally {
            inCall = false;
        }
    }

    private List<Value> callOnce(String name, LiftedFunction function, List<Value> args) {
        FuncType type = function.type();
        if (args.size() != type.params().size()) {
            throw new InvalidValueException(name + " takes " + type.params().size() + " arguments, not "
                    + args.size());
        }
        CallContext cx = new CallContext(function.memory(), function.encoding(), function.realloc(),
                linked.layout(), limits, linked.handleMapper());
        List<ValueType> paramTypes = type.params().stream().map(ValueType.Field::type).toList();
        long[] flatArgs;
        try {
            Lowerer lowerer = new Lowerer(cx);
            flatArgs = flatCount(paramTypes) > Layout.MAX_FLAT_PARAMS
                    ? new long[] {lowerer.storeTuple(paramTypes, args)}
                    : lowerer.lowerFlat(paramTypes, args);
        } catch (InvalidValueException e) {
            throw e;
        } catch (CanonicalAbiException e) {
            if (e.violation() == Violation.BAD_HANDLE) {
                // The host passed the handle: its mistake, not the guest's.
                throw new InvalidValueException(e.getMessage());
            }
            throw die(name, e);
        } catch (RuntimeException e) {
            throw die(name, e);
        }
        try {
            long[] flatResults = function.core().call(flatArgs);
            Lifter lifter = new Lifter(cx);
            List<Value> results = flatCount(type.results()) > Layout.MAX_FLAT_RESULTS
                    ? lifter.loadTuple(type.results(), flatResults[0] & 0xFFFF_FFFFL, "the results of " + name)
                    : lifter.liftFlat(type.results(), flatResults);
            if (function.postReturn() != null) {
                function.postReturn().apply(flatResults);
            }
            return results;
        } catch (RuntimeException e) {
            throw die(name, e);
        }
    }

    private long flatCount(List<ValueType> types) {
        long count = 0;
        for (ValueType t : types) {
            count += linked.layout().of(t).flatCount();
        }
        return count;
    }

    private RuntimeException die(String name, RuntimeException e) {
        dev.plinth.api.error.PluginException typed = hostError(e);
        if (typed != null) {
            // A host function ended the call with a typed error of its own (an exit, a limit): it stands.
            deathCause = "to " + name + " failed: " + typed.getMessage();
            return typed;
        }
        CanonicalAbiException failure = abiCause(e);
        failure = failure != null ? failure
                : new CanonicalAbiException(Violation.GUEST_TRAP, "the guest trapped in " + name + ": "
                        + e.getMessage(), e);
        deathCause = "to " + name + " failed: " + failure.getMessage();
        return failure;
    }

    /** A typed error a host function threw (not a canonical ABI violation), when one is behind {@code e}. */
    private static dev.plinth.api.error.PluginException hostError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CanonicalAbiException) {
                return null;
            }
            if (t instanceof dev.plinth.api.error.PluginException known) {
                return known;
            }
        }
        return null;
    }

    /** The ABI violation behind {@code e}, when a canonical built-in the guest called raised one inside the engine. */
    private static CanonicalAbiException abiCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CanonicalAbiException abi) {
                return abi;
            }
        }
        return null;
    }

    /** A snapshot of the export names, for messages. */
    @Override
    public String toString() {
        return "ComponentInstance" + new LinkedHashMap<>(exports()).keySet() + (isDead() ? " (dead)" : "");
    }
}
