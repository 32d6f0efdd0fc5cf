package dev.plinth.abi;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.host.HostFunction;
import dev.plinth.api.host.HostFunctionName;
import dev.plinth.api.host.RawHostFunction;
import dev.plinth.api.host.WasmType;
import dev.plinth.api.host.WasmValues;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The application's host functions as Chicory host functions of one instance: each in its own
 * namespace ({@value #MODULE} unless it names another) with its declared wasm signature, values
 * passed as they are ({@link RawHostFunction}); the memory-block convenience ({@link HostFunction})
 * is a raw function over {@code i64} block offsets ({@link #blocks}).
 *
 * <p>Each call is host work like the Extism ABI's: it stops if the call's deadline has passed,
 * is charged a host call of fuel (and its block copies per byte), and ends the call as
 * {@code timeout} if the function returns after the deadline, even when it swallowed the
 * interrupt. What the function throws becomes a {@link HostFunctionFailure} (a {@code trap}
 * naming it), except the plugin's own typed errors, a bad block offset ({@link AbiViolation}), the
 * host's heap or stack running out, and the errors after which the JVM may be broken; so does a
 * result that does not match the declared types.
 */
public final class UserFunctions {
    /** The default namespace of application host functions, Extism's. */
    public static final String MODULE = HostFunctionName.DEFAULT_NAMESPACE;

    private UserFunctions() {
    }

    /** The memory-block form as a raw function: {@code i64} offsets in, an {@code i64} offset out (or nothing). */
    public static RawHostFunction blocks(HostFunction function) {
        Objects.requireNonNull(function, "function");
        if (function.parameterCount() < 0) {
            throw new IllegalArgumentException("host function " + function.name() + " takes "
                    + function.parameterCount() + " blocks");
        }
        return new BlockHostFunction(function);
    }

    /**
     * Where a guest finds {@code function}, checked.
     *
     * @throws IllegalArgumentException when its namespace or name breaks the rules of {@link HostFunctionName}, or
     *     its signature is missing a type
     */
    public static HostFunctionName nameOf(RawHostFunction function) {
        HostFunctionName name = HostFunctionName.of(function.namespace(), function.name());
        if (function.parameters() == null || function.results() == null
                || function.parameters().stream().anyMatch(Objects::isNull)
                || function.results().stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("host function " + name + " must declare the type of every"
                    + " parameter and result");
        }
        return name;
    }

    /** The wasm type a guest must import {@code function} with. */
    public static FunctionType typeOf(RawHostFunction function) {
        return FunctionType.of(valTypes(function.parameters()), valTypes(function.results()));
    }

    /** A wasm function type as messages show it: {@code (i64, i32) -> f64}, {@code () -> ()}. */
    public static String typeText(FunctionType type) {
        String results = type.returns().size() == 1 ? text(type.returns().get(0)) : "(" + texts(type.returns()) + ")";
        return "(" + texts(type.params()) + ") -> " + results;
    }

    /** Binds the given functions to one instance's context. */
    public static List<com.dylibso.chicory.runtime.HostFunction> bind(Collection<RawHostFunction> functions,
            GuestContext ctx) {
        List<com.dylibso.chicory.runtime.HostFunction> bound = new ArrayList<>(functions.size());
        for (RawHostFunction function : functions) {
            HostFunctionName name = nameOf(function);
            String label = name.namespace() + HostFunctionName.SEPARATOR + name.name();
            List<WasmType> parameters = List.copyOf(function.parameters());
            List<WasmType> results = List.copyOf(function.results());
            HostCallAccess access = new HostCallAccess(ctx, label);
            bound.add(new com.dylibso.chicory.runtime.HostFunction(name.namespace(), name.name(), typeOf(function),
                    (instance, args) -> invoke(function, label, parameters, results, access, ctx, args)));
        }
        return bound;
    }

    private static long[] invoke(RawHostFunction function, String label, List<WasmType> parameters,
            List<WasmType> results, HostCallAccess access, GuestContext ctx, long[] args) {
        if (ctx.deadlinePassed()) {
            throw new ChicoryInterruptedException("host function " + label + " was not run: the call's deadline"
                    + " has passed");
        }
        ctx.chargeCall();
        WasmValues returned;
        try {
            returned = function.invoke(access, WasmValues.fromBits(parameters, args));
        } catch (PluginException | AbiViolation | ChicoryInterruptedException e) {
            throw e;
        } catch (Throwable t) {
            if (!wrappable(t)) {
                throw t;
            }
            throw new HostFunctionFailure(label, t);
        }
        if (ctx.deadlinePassed()) {
            throw new ChicoryInterruptedException("host function " + label + " returned after the call's deadline");
        }
        WasmValues values = returned == null ? WasmValues.of() : returned;
        if (!values.types().equals(results)) {
            throw new HostFunctionFailure(label, "returned " + values + ", but it declares results ("
                    + results.stream().map(WasmType::text).collect(Collectors.joining(", ")) + ")");
        }
        return values.toBits();
    }

    /**
     * Whether a throwable from an application function is its failure: not the host's heap or stack
     * running out (the engine reports those as such), nor an error after which the JVM may be broken.
     */
    private static boolean wrappable(Throwable t) {
        return !(t instanceof VirtualMachineError) && !(t instanceof ThreadDeath);
    }

    private static List<ValType> valTypes(List<WasmType> types) {
        List<ValType> vals = new ArrayList<>(types.size());
        for (WasmType type : types) {
            vals.add(switch (type) {
                case I32 -> ValType.I32;
                case I64 -> ValType.I64;
                case F32 -> ValType.F32;
                case F64 -> ValType.F64;
            });
        }
        return vals;
    }

    private static String texts(List<ValType> types) {
        return types.stream().map(UserFunctions::text).collect(Collectors.joining(", "));
    }

    private static String text(ValType type) {
        if (type.equals(ValType.FuncRef)) {
            return "funcref";
        } else if (type.equals(ValType.ExternRef)) {
            return "externref";
        }
        return type.name().toLowerCase(Locale.ROOT);
    }
}
