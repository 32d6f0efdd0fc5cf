package dev.plinth.abi;

import static com.dylibso.chicory.wasm.types.ValType.I64;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.host.HostFunction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Application host functions offered under {@code extism:host/user}: each guest argument is a
 * block offset whose bytes the Java function receives; its result is copied into a new block.
 */
public final class UserFunctions {
    /** The import module of application host functions. */
    public static final String MODULE = "extism:host/user";

    private UserFunctions() {
    }

    /** The wasm type a guest must import {@code function} with. */
    public static FunctionType typeOf(HostFunction function) {
        List<ValType> params = Collections.nCopies(function.parameterCount(), I64);
        return FunctionType.of(params, function.returnsValue() ? List.of(I64) : List.of());
    }

    /** Binds the given functions to one instance's context. */
    public static List<com.dylibso.chicory.runtime.HostFunction> bind(Collection<HostFunction> functions,
            GuestContext ctx) {
        List<com.dylibso.chicory.runtime.HostFunction> bound = new ArrayList<>(functions.size());
        for (HostFunction function : functions) {
            bound.add(new com.dylibso.chicory.runtime.HostFunction(MODULE, function.name(), typeOf(function),
                    (instance, args) -> invoke(function, ctx, args)));
        }
        return bound;
    }

    private static long[] invoke(HostFunction function, GuestContext ctx, long[] args) {
        ExtismMemory mem = ctx.memory();
        ctx.chargeCall();
        List<byte[]> arguments = new ArrayList<>(args.length);
        for (long offset : args) {
            byte[] argument = offset == 0 ? new byte[0] : mem.readBlock(function.name(), offset);
            ctx.chargeBytes(argument.length);
            arguments.add(argument);
        }
        byte[] result;
        try {
            result = function.invoke(ctx, arguments);
        } catch (PluginException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new HostFunctionFailure(function.name(), e);
        }
        if (!function.returnsValue()) {
            return new long[0];
        }
        if (result != null) {
            ctx.chargeBytes(result.length);
        }
        return new long[] {result == null ? 0 : mem.allocBytes(result)};
    }
}
