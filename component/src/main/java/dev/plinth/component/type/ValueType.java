package dev.plinth.component.type;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A component value type, as WIT writes them: the primitives, {@code string}, and the compound
 * types built from them. Types are immutable and structural (except resources, which are
 * generative: see {@link ResourceType}); the canonical ABI's layout of a type is computed elsewhere.
 */
public sealed interface ValueType {

    /** The WIT spelling of the type, e.g. {@code list<tuple<u8, string>>}. */
    String wit();

    /** The types without structure: {@code bool}, the integers, the floats, {@code char} and {@code string}. */
    enum Primitive implements ValueType {
        BOOL, S8, U8, S16, U16, S32, U32, S64, U64, F32, F64, CHAR, STRING;

        @Override
        public String wit() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A named field of a record, or a named parameter of a function. */
    record Field(String name, ValueType type) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /** A case of a variant, with or without a payload. */
    record Case(String name, Optional<ValueType> payload) {
        public Case {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** {@code list<T>}. */
    record ListType(ValueType element) implements ValueType {
        public ListType {
            Objects.requireNonNull(element, "element");
        }

        @Override
        public String wit() {
            return "list<" + element.wit() + ">";
        }
    }

    /** {@code record { a: T, ... }}: at least one field, names unique. */
    record RecordType(List<Field> fields) implements ValueType {
        public RecordType {
            fields = List.copyOf(fields);
            requireUnique("record", fields.stream().map(Field::name).toList());
        }

        @Override
        public String wit() {
            return "record { " + String.join(", ", fields.stream().map(f -> f.name() + ": " + f.type().wit())
                    .toList()) + " }";
        }
    }

    /** {@code tuple<T, ...>}: at least one element. */
    record TupleType(List<ValueType> elements) implements ValueType {
        public TupleType {
            elements = List.copyOf(elements);
            if (elements.isEmpty()) {
                throw new IllegalArgumentException("a tuple has at least one element");
            }
        }

        @Override
        public String wit() {
            return "tuple<" + String.join(", ", elements.stream().map(ValueType::wit).toList()) + ">";
        }
    }

    /** {@code variant { a(T), b, ... }}: at least one case, names unique. */
    record VariantType(List<Case> cases) implements ValueType {
        public VariantType {
            cases = List.copyOf(cases);
            requireUnique("variant", cases.stream().map(Case::name).toList());
        }

        @Override
        public String wit() {
            return "variant { " + String.join(", ", cases.stream()
                    .map(c -> c.name() + c.payload().map(p -> "(" + p.wit() + ")").orElse("")).toList()) + " }";
        }
    }

    /** {@code enum { a, b, ... }}: at least one case, names unique. */
    record EnumType(List<String> cases) implements ValueType {
        public EnumType {
            cases = List.copyOf(cases);
            requireUnique("enum", cases);
        }

        @Override
        public String wit() {
            return "enum { " + String.join(", ", cases) + " }";
        }
    }

    /** {@code option<T>}. */
    record OptionType(ValueType some) implements ValueType {
        public OptionType {
            Objects.requireNonNull(some, "some");
        }

        @Override
        public String wit() {
            return "option<" + some.wit() + ">";
        }
    }

    /** {@code result<T, E>}, either side possibly without a payload. */
    record ResultType(Optional<ValueType> ok, Optional<ValueType> error) implements ValueType {
        public ResultType {
            Objects.requireNonNull(ok, "ok");
            Objects.requireNonNull(error, "error");
        }

        @Override
        public String wit() {
            if (ok.isEmpty() && error.isEmpty()) {
                return "result";
            }
            return "result<" + ok.map(ValueType::wit).orElse("_") + error.map(e -> ", " + e.wit()).orElse("") + ">";
        }
    }

    /** {@code flags { a, b, ... }}: 1 to 32 flags, names unique. */
    record FlagsType(List<String> names) implements ValueType {
        public static final int MAX_FLAGS = 32;

        public FlagsType {
            names = List.copyOf(names);
            requireUnique("flags", names);
            if (names.size() > MAX_FLAGS) {
                throw new IllegalArgumentException("flags have at most " + MAX_FLAGS + " names, not " + names.size());
            }
        }

        @Override
        public String wit() {
            return "flags { " + String.join(", ", names) + " }";
        }
    }

    /** {@code own<R>}: a handle that transfers ownership of a resource. */
    record OwnType(ResourceType resource) implements ValueType {
        public OwnType {
            Objects.requireNonNull(resource, "resource");
        }

        @Override
        public String wit() {
            return "own<" + resource.name() + ">";
        }
    }

    /** {@code borrow<R>}: a handle lent for the duration of one call. */
    record BorrowType(ResourceType resource) implements ValueType {
        public BorrowType {
            Objects.requireNonNull(resource, "resource");
        }

        @Override
        public String wit() {
            return "borrow<" + resource.name() + ">";
        }
    }

    private static void requireUnique(String kind, List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a " + kind + " has at least one case or field");
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            Objects.requireNonNull(name, "name");
            if (!seen.add(name)) {
                throw new IllegalArgumentException("a " + kind + " names '" + name + "' twice");
            }
        }
    }
}
