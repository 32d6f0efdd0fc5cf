package dev.plinth.component.contract;

import dev.plinth.component.type.FuncType;
import dev.plinth.component.type.ValueType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The first structural difference between two function or value types, as a path of where it is and what differs:
 * {@code result's ok type: record response: field `body` is string in the world, list<u8> in the component}.
 * Field, case and flag names and their order count; resources are compared by name (two parses of one WIT make two
 * resource objects). Pairs found equal are remembered by identity, so types that share subtypes are compared once.
 */
final class TypeDifference {
    private final Map<ValueType, String> expectedNames;
    private final Map<ValueType, String> actualNames;
    private final String expectedSide;
    private final String actualSide;
    private final Map<ValueType, Set<ValueType>> equal = new IdentityHashMap<>();

    /**
     * @param expectedNames names of the expected side's types, by identity
     * @param actualNames names of the actual side's types, by identity
     * @param expectedSide how to say the expected side, {@code in the world}
     * @param actualSide how to say the actual side, {@code in the component}
     */
    TypeDifference(Map<ValueType, String> expectedNames, Map<ValueType, String> actualNames, String expectedSide,
            String actualSide) {
        this.expectedNames = expectedNames;
        this.actualNames = actualNames;
        this.expectedSide = expectedSide;
        this.actualSide = actualSide;
    }

    /** The first difference of two function types, or empty when they are the same. */
    Optional<String> of(FuncType expected, FuncType actual) {
        List<ValueType.Field> ep = expected.params();
        List<ValueType.Field> ap = actual.params();
        for (int i = 0; i < Math.max(ep.size(), ap.size()); i++) {
            if (i >= ap.size()) {
                return Optional.of("parameter `" + ep.get(i).name() + "` is missing " + actualSide + " ("
                        + expected.wit() + " " + expectedSide + ", " + actual.wit() + " " + actualSide + ")");
            }
            if (i >= ep.size()) {
                return Optional.of("parameter `" + ap.get(i).name() + "` is " + actualSide + " only ("
                        + expected.wit() + " " + expectedSide + ", " + actual.wit() + " " + actualSide + ")");
            }
            if (!ep.get(i).name().equals(ap.get(i).name())) {
                return Optional.of("parameter " + (i + 1) + " is `" + ep.get(i).name() + "` " + expectedSide + ", `"
                        + ap.get(i).name() + "` " + actualSide);
            }
            Optional<String> d = of(ep.get(i).type(), ap.get(i).type());
            if (d.isPresent()) {
                return Optional.of(join("parameter `" + ep.get(i).name() + "`", d.get()));
            }
        }
        if (expected.results().size() != actual.results().size()) {
            return Optional.of("result is " + results(expected) + " " + expectedSide + ", " + results(actual) + " "
                    + actualSide);
        }
        for (int i = 0; i < expected.results().size(); i++) {
            Optional<String> d = of(expected.results().get(i), actual.results().get(i));
            if (d.isPresent()) {
                return Optional.of(d.get().startsWith("result's") ? d.get() : join("result", d.get()));
            }
        }
        return Optional.empty();
    }

    private String results(FuncType type) {
        return type.results().isEmpty() ? "none" : String.join(", ", type.results().stream().map(this::expectedName)
                .toList());
    }

    /** The first difference of two value types, or empty when they are the same. */
    Optional<String> of(ValueType expected, ValueType actual) {
        if (expected == actual || equal.getOrDefault(expected, Set.of()).contains(actual)) {
            return Optional.empty();
        }
        Optional<String> d = compare(expected, actual);
        if (d.isEmpty()) {
            equal.computeIfAbsent(expected, k -> java.util.Collections.newSetFromMap(new IdentityHashMap<>()))
                    .add(actual);
        }
        return d;
    }

    private Optional<String> compare(ValueType expected, ValueType actual) {
        if (expected.getClass() != actual.getClass()) {
            return leaf(expected, actual);
        }
        String here = kindName(expected);
        if (expected instanceof ValueType.Primitive) {
            return expected == actual ? Optional.empty() : leaf(expected, actual);
        } else if (expected instanceof ValueType.ListType e) {
            return inside("list element", of(e.element(), ((ValueType.ListType) actual).element()));
        } else if (expected instanceof ValueType.OptionType e) {
            return inside("option's value", of(e.some(), ((ValueType.OptionType) actual).some()));
        } else if (expected instanceof ValueType.ResultType e) {
            ValueType.ResultType a = (ValueType.ResultType) actual;
            Optional<String> ok = optional("result's ok type", e.ok(), a.ok());
            return ok.isPresent() ? ok : optional("result's error type", e.error(), a.error());
        } else if (expected instanceof ValueType.TupleType e) {
            List<ValueType> a = ((ValueType.TupleType) actual).elements();
            if (e.elements().size() != a.size()) {
                return leaf(expected, actual);
            }
            for (int i = 0; i < a.size(); i++) {
                Optional<String> d = inside("tuple element " + i, of(e.elements().get(i), a.get(i)));
                if (d.isPresent()) {
                    return d;
                }
            }
            return Optional.empty();
        } else if (expected instanceof ValueType.RecordType e) {
            List<ValueType.Field> a = ((ValueType.RecordType) actual).fields();
            List<String> en = e.fields().stream().map(ValueType.Field::name).toList();
            List<String> an = a.stream().map(ValueType.Field::name).toList();
            if (!en.equals(an)) {
                return Optional.of(here + " has fields " + names(en) + " " + expectedSide + ", " + names(an) + " "
                        + actualSide);
            }
            for (int i = 0; i < a.size(); i++) {
                Optional<String> d = of(e.fields().get(i).type(), a.get(i).type());
                if (d.isPresent()) {
                    return Optional.of(join(here, join("field `" + en.get(i) + "`", d.get())));
                }
            }
            return Optional.empty();
        } else if (expected instanceof ValueType.VariantType e) {
            List<ValueType.Case> a = ((ValueType.VariantType) actual).cases();
            List<String> en = e.cases().stream().map(ValueType.Case::name).toList();
            List<String> an = a.stream().map(ValueType.Case::name).toList();
            if (!en.equals(an)) {
                return Optional.of(here + " has cases " + names(en) + " " + expectedSide + ", " + names(an) + " "
                        + actualSide);
            }
            for (int i = 0; i < a.size(); i++) {
                Optional<String> d = optional("case `" + en.get(i) + "`", e.cases().get(i).payload(),
                        a.get(i).payload());
                if (d.isPresent()) {
                    return Optional.of(join(here, d.get()));
                }
            }
            return Optional.empty();
        } else if (expected instanceof ValueType.EnumType e) {
            List<String> a = ((ValueType.EnumType) actual).cases();
            return e.cases().equals(a) ? Optional.empty() : Optional.of(here + " has cases " + names(e.cases())
                    + " " + expectedSide + ", " + names(a) + " " + actualSide);
        } else if (expected instanceof ValueType.FlagsType e) {
            List<String> a = ((ValueType.FlagsType) actual).names();
            return e.names().equals(a) ? Optional.empty() : Optional.of(here + " has flags " + names(e.names())
                    + " " + expectedSide + ", " + names(a) + " " + actualSide);
        } else if (expected instanceof ValueType.OwnType e) {
            return e.resource().name().equals(((ValueType.OwnType) actual).resource().name()) ? Optional.empty()
                    : leaf(expected, actual);
        } else if (expected instanceof ValueType.BorrowType e) {
            return e.resource().name().equals(((ValueType.BorrowType) actual).resource().name()) ? Optional.empty()
                    : leaf(expected, actual);
        }
        throw new IllegalStateException("unknown value type " + expected);
    }

    private Optional<String> optional(String where, Optional<ValueType> expected, Optional<ValueType> actual) {
        if (expected.isEmpty() && actual.isEmpty()) {
            return Optional.empty();
        }
        if (expected.isEmpty() || actual.isEmpty()) {
            return Optional.of(where + " is " + expected.map(this::expectedName).orElse("none") + " " + expectedSide
                    + ", " + actual.map(this::actualName).orElse("none") + " " + actualSide);
        }
        return inside(where, of(expected.get(), actual.get()));
    }

    private static Optional<String> inside(String where, Optional<String> difference) {
        return difference.map(d -> join(where, d));
    }

    /** {@code where} before a difference: "field `x`" + "is a in.., b in.." joins with a space, anything else with ": ". */
    private static String join(String where, String difference) {
        return where + (difference.startsWith("is ") ? " " : ": ") + difference;
    }

    private Optional<String> leaf(ValueType expected, ValueType actual) {
        return Optional.of("is " + expectedName(expected) + " " + expectedSide + ", " + actualName(actual) + " "
                + actualSide);
    }

    /** {@code record response}, {@code variant payload}; an anonymous one as its kind alone. */
    private String kindName(ValueType type) {
        String kind = type instanceof ValueType.RecordType ? "record"
                : type instanceof ValueType.VariantType ? "variant"
                : type instanceof ValueType.EnumType ? "enum"
                : type instanceof ValueType.FlagsType ? "flags" : "type";
        String name = expectedNames.getOrDefault(type, actualNames.get(type));
        return name == null ? kind : kind + " " + name;
    }

    private String expectedName(ValueType type) {
        return name(type, expectedNames);
    }

    private String actualName(ValueType type) {
        return name(type, actualNames);
    }

    /** A type as the message shows it: its name if it has one, else its WIT (compound types' names inside too). */
    private static String name(ValueType type, Map<ValueType, String> names) {
        String name = names.get(type);
        if (name != null) {
            return name;
        }
        String wit = type.wit();
        return wit.length() > 200 ? wit.substring(0, 200) + "..." : wit;
    }

    private static String names(List<String> names) {
        List<String> quoted = new ArrayList<>(names.size());
        names.forEach(n -> quoted.add("`" + n + "`"));
        return "[" + String.join(", ", quoted) + "]";
    }
}
