package dev.plinth.component.internal.abi;

import dev.plinth.component.type.ValueType;
import dev.plinth.component.type.ValueType.*;
import dev.plinth.component.value.InvalidValueException;
import dev.plinth.component.value.Value;
import java.util.List;
import java.util.Optional;

/**
 * The canonical ABI treats {@code variant}, {@code enum}, {@code option} and {@code result} alike: a
 * discriminant and an optional payload per case. This maps each to its cases and back to its values.
 */
final class Variants {
    private Variants() {
    }

    static List<Optional<ValueType>> cases(ValueType type) {
        if (type instanceof VariantType v) {
            return v.cases().stream().map(Case::payload).toList();
        }
        if (type instanceof EnumType e) {
            return e.cases().stream().map(c -> Optional.<ValueType>empty()).toList();
        }
        if (type instanceof OptionType o) {
            return List.of(Optional.empty(), Optional.of(o.some()));
        }
        if (type instanceof ResultType r) {
            return List.of(r.ok(), r.error());
        }
        throw new IllegalArgumentException("not a variant-like type: " + Describe.of(type));
    }

    static int maxCaseAlignment(Layout layout, List<Optional<ValueType>> cases) {
        int alignment = 1;
        for (Optional<ValueType> c : cases) {
            if (c.isPresent()) {
                alignment = Math.max(alignment, layout.alignment(c.get()));
            }
        }
        return alignment;
    }

    /** The value of case {@code index} of {@code type} with {@code payload}. */
    static Value value(ValueType type, int index, Optional<Value> payload) {
        if (type instanceof VariantType v) {
            return new Value.Variant(v.cases().get(index).name(), payload);
        }
        if (type instanceof EnumType e) {
            return new Value.Enum(e.cases().get(index));
        }
        if (type instanceof OptionType) {
            return new Value.Option(payload);
        }
        return new Value.Result(index == 0, payload);
    }

    /** A value's case: its index and payload, checked against {@code type}. */
    record Chosen(int index, Optional<Value> payload) {
    }

    static Chosen choose(ValueType type, Value value) {
        if (type instanceof VariantType v && value instanceof Value.Variant x) {
            for (int i = 0; i < v.cases().size(); i++) {
                if (v.cases().get(i).name().equals(x.caseName())) {
                    return checked(type, i, v.cases().get(i).payload(), x.payload());
                }
            }
            throw new InvalidValueException(Describe.of(type) + " has no case '" + x.caseName() + "'");
        }
        if (type instanceof EnumType e && value instanceof Value.Enum x) {
            int index = e.cases().indexOf(x.caseName());
            if (index < 0) {
                throw new InvalidValueException(Describe.of(type) + " has no case '" + x.caseName() + "'");
            }
            return new Chosen(index, Optional.empty());
        }
        if (type instanceof OptionType o && value instanceof Value.Option x) {
            return x.value().isPresent() ? new Chosen(1, x.value()) : new Chosen(0, Optional.empty());
        }
        if (type instanceof ResultType r && value instanceof Value.Result x) {
            return x.ok() ? checked(type, 0, r.ok(), x.payload()) : checked(type, 1, r.error(), x.payload());
        }
        throw new InvalidValueException("expected a value of " + Describe.of(type) + ", got " + value);
    }

    private static Chosen checked(ValueType type, int index, Optional<ValueType> expected, Optional<Value> payload) {
        if (expected.isPresent() != payload.isPresent()) {
            throw new InvalidValueException("case " + index + " of " + Describe.of(type)
                    + (expected.isPresent() ? " needs a payload" : " has no payload"));
        }
        return new Chosen(index, payload);
    }
}
