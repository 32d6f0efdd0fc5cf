package dev.plinth.component.internal.runtime;

import dev.plinth.component.internal.abi.AbiLimits;
import dev.plinth.component.internal.abi.CallContext;
import dev.plinth.component.internal.abi.Layout;
import dev.plinth.component.internal.abi.Lifter;
import dev.plinth.component.internal.abi.Lowerer;
import dev.plinth.component.type.ValueType;
import dev.plinth.component.value.Value;
import java.util.List;

/**
 * A call of a {@link LiftedFunction} with values, by the canonical ABI on the callee's side: lowers the arguments
 * into its memory with its options (flat, or stored through its realloc when there are more than 16 flat
 * values), calls its core function, lifts the results (flat, or from the return area it points at), and runs its
 * post-return. A {@code canon lower} of a lifted function of the same component (componentize-qjs writes them)
 * calls through this from a {@link LoweredImport}, which lifts from and lowers into the caller's memory with the
 * lowering's options: the canonical ABI both ways.
 */
final class LiftedCall {
    private LiftedCall() {
    }

    static List<Value> call(LiftedFunction function, List<Value> args, Layout layout, AbiLimits limits,
            CallContext.HandleMapper handles, String name) {
        CallContext cx = new CallContext(function.memory(), function.encoding(), function.realloc(), layout, limits,
                handles);
        List<ValueType> params = function.type().params().stream().map(ValueType.Field::type).toList();
        Lowerer lowerer = new Lowerer(cx);
        long[] flatArgs = Flattening.count(layout, params) > Layout.MAX_FLAT_PARAMS
                ? new long[] {lowerer.storeTuple(params, args)}
                : lowerer.lowerFlat(params, args);
        long[] flatResults = function.core().call(flatArgs);
        Lifter lifter = new Lifter(cx);
        List<ValueType> results = function.type().results();
        List<Value> values = Flattening.count(layout, results) > Layout.MAX_FLAT_RESULTS
                ? lifter.loadTuple(results, flatResults[0] & 0xFFFF_FFFFL, "the results of " + name)
                : lifter.liftFlat(results, flatResults);
        if (function.postReturn() != null) {
            function.postReturn().apply(flatResults);
        }
        return values;
    }
}
