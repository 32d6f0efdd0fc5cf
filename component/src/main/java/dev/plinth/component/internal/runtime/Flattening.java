package dev.plinth.component.internal.runtime;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.plinth.component.internal.abi.FlatType;
import dev.plinth.component.internal.abi.Layout;
import dev.plinth.component.type.FuncType;
import dev.plinth.component.type.ValueType;
import java.util.ArrayList;
import java.util.List;

/** The core signatures the canonical ABI gives a component function type, lifted or lowered. */
final class Flattening {
    private Flattening() {
    }

    static long count(Layout layout, List<ValueType> types) {
        long count = 0;
        for (ValueType t : types) {
            count += layout.of(t).flatCount();
        }
        return count;
    }

    /** For {@code canon lift}: spilled parameters are one pointer; spilled results are a returned pointer. */
    static FunctionType lifted(Layout layout, FuncType type) {
        List<ValueType> params = type.params().stream().map(ValueType.Field::type).toList();
        List<ValType> core = flatOrPointer(layout, params, Layout.MAX_FLAT_PARAMS);
        List<ValType> results = flatOrPointer(layout, type.results(), Layout.MAX_FLAT_RESULTS);
        return FunctionType.of(core, results);
    }

    /** For {@code canon lower}: spilled results become a last i32 parameter, the return area, and no results. */
    static FunctionType lowered(Layout layout, FuncType type) {
        List<ValueType> params = type.params().stream().map(ValueType.Field::type).toList();
        List<ValType> core = new ArrayList<>(flatOrPointer(layout, params, Layout.MAX_FLAT_PARAMS));
        if (count(layout, type.results()) > Layout.MAX_FLAT_RESULTS) {
            core.add(ValType.I32);
            return FunctionType.of(core, List.of());
        }
        return FunctionType.of(core, flatOrPointer(layout, type.results(), Layout.MAX_FLAT_RESULTS));
    }

    private static List<ValType> flatOrPointer(Layout layout, List<ValueType> types, int limit) {
        if (count(layout, types) > limit) {
            return List.of(ValType.I32);
        }
        List<ValType> out = new ArrayList<>();
        for (ValueType t : types) {
            for (FlatType f : layout.of(t).flat()) {
                out.add(core(f));
            }
        }
        return out;
    }

    private static ValType core(FlatType f) {
        return switch (f) {
            case I32 -> ValType.I32;
            case I64 -> ValType.I64;
            case F32 -> ValType.F32;
            case F64 -> ValType.F64;
        };
    }
}
