package dev.plinth.component.wit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A named type definition: a record, variant, enum, flags, resource, or an alias ({@code type x = ...}). */
public record TypeDef(String name, Kind kind, String docs, Position position) {
    public TypeDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(docs, "docs");
        Objects.requireNonNull(position, "position");
    }

    /** What a definition defines. */
    public sealed interface Kind {
    }

    /** {@code record name { field: T, ... }}. */
    public record Record(List<Field> fields) implements Kind {
        public Record {
            fields = List.copyOf(fields);
        }
    }

    /** {@code variant name { case(T), case, ... }}. */
    public record Variant(List<Case> cases) implements Kind {
        public Variant {
            cases = List.copyOf(cases);
        }
    }

    /** {@code enum name { a, b, ... }}. */
    public record Enum(List<Case> cases) implements Kind {
        public Enum {
            cases = List.copyOf(cases);
        }
    }

    /** {@code flags name { a, b, ... }}. */
    public record Flags(List<Case> flags) implements Kind {
        public Flags {
            flags = List.copyOf(flags);
        }
    }

    /** {@code resource name { constructor(...); method: func(...); name: static func(...); }}. */
    public record Resource(List<WitFunction> functions) implements Kind {
        public Resource {
            functions = List.copyOf(functions);
        }

        /** The constructor, if the resource has one. */
        public Optional<WitFunction> constructor() {
            return functions.stream().filter(f -> f.kind() == WitFunction.Kind.CONSTRUCTOR).findFirst();
        }
    }

    /** {@code type name = T;}. */
    public record Alias(WitType target) implements Kind {
        public Alias {
            Objects.requireNonNull(target, "target");
        }
    }

    /** A record field, with its doc comment. */
    public record Field(String name, WitType type, String docs) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(docs, "docs");
        }
    }

    /** A case of a variant (maybe with a payload), of an enum or a flag (never with one), with its doc comment. */
    public record Case(String name, Optional<WitType> payload, String docs) {
        public Case {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(payload, "payload");
            Objects.requireNonNull(docs, "docs");
        }
    }
}
