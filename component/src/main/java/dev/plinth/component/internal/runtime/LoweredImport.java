package dev.plinth.component.internal.runtime;

import com.dylibso.chicory.runtime.ExportFunction;
import dev.plinth.component.CanonicalAbiException;
import dev.plinth.component.CanonicalAbiException.Violation;
import dev.plinth.component.internal.abi.AbiLimits;
import dev.plinth.component.internal.abi.CallContext;
import dev.plinth.component.internal.abi.GuestMemory;
import dev.plinth.component.internal.abi.Layout;
import dev.plinth.component.internal.abi.Lifter;
import dev.plinth.component.internal.abi.Lowerer;
import dev.plinth.component.internal.binary.StringEncoding;
import dev.plinth.component.type.ValueType;
import dev.plinth.component.value.Value;
import java.util.List;

/**
 * The core function {@code canon lower} makes of a host import: lifts the guest's arguments (flat, or from
 * the pointer it passes when there are more than 16), calls the host, and lowers the results (flat, or into
 * the return area whose pointer the guest passes last when there is more than one flat result).
 */
final class LoweredImport {
    private final ImportedFunction function;
    private final GuestMemory memory;
    private final StringEncoding encoding;
    private final ExportFunction realloc;
    private final Layout layout;
    private final AbiLimits limits;
    private final CallContext.HandleMapper handles;
    private final List<ValueType> params;

    LoweredImport(ImportedFunction function, GuestMemory memory, StringEncoding encoding, ExportFunction realloc,
            Layout layout, AbiLimits limits, CallContext.HandleMapper handles) {
        this.function = function;
        this.memory = memory;
        this.encoding = encoding;
        this.realloc = realloc;
        this.layout = layout;
        this.limits = limits;
        this.handles = handles;
        this.params = function.type().params().stream().map(ValueType.Field::type).toList();
    }

    long[] apply(long[] args) {
        CallContext cx = new CallContext(memory, encoding, realloc, layout, limits, handles);
        Lifter lifter = new Lifter(cx);
        List<Value> values = Flattening.count(layout, params) > Layout.MAX_FLAT_PARAMS
                ? lifter.loadTuple(params, args[0] & 0xFFFF_FFFFL, "the arguments to import " + function.name())
                : lifter.liftFlat(params, args);
        List<Value> results = function.host().call(values);
        List<ValueType> resultTypes = function.type().results();
        if (results == null || results.size() != resultTypes.size()) {
            throw new CanonicalAbiException(Violation.GUEST_TRAP, "host function " + function.name() + " returned "
                    + (results == null ? "null" : results.size() + " values") + " for " + resultTypes.size()
                    + " results");
        }
        Lowerer lowerer = new Lowerer(cx);
        if (Flattening.count(layout, resultTypes) > Layout.MAX_FLAT_RESULTS) {
            long retptr = args[args.length - 1] & 0xFFFF_FFFFL;
            lowerer.storeTupleAt(resultTypes, results, retptr, "the return area of import " + function.name());
            return new long[0];
        }
        return lowerer.lowerFlat(resultTypes, results);
    }
}
