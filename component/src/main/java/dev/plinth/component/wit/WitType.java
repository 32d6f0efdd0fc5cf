package dev.plinth.component.wit;

import dev.plinth.component.type.ValueType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A type as WIT source writes it: built-ins, the anonymous compound types, and names of types
 * defined (or used) in scope. {@link ResolvedWit#valueType} turns it into a structural {@link ValueType}.
 */
public sealed interface WitType {

    /** {@code bool}, the integers, floats, {@code char}, {@code string}. */
    record Primitive(ValueType.Primitive type) implements WitType {
        public Primitive {
            Objects.requireNonNull(type, "type");
        }
    }

    /** {@code list<T>}. */
    record ListOf(WitType element) implements WitType {
        public ListOf {
            Objects.requireNonNull(element, "element");
        }
    }

    /** {@code option<T>}. */
    record OptionOf(WitType some) implements WitType {
        public OptionOf {
            Objects.requireNonNull(some, "some");
        }
    }

    /** {@code result}, {@code result<T>}, {@code result<_, E>}, {@code result<T, E>}. */
    record ResultOf(Optional<WitType> ok, Optional<WitType> error) implements WitType {
        public ResultOf {
            Objects.requireNonNull(ok, "ok");
            Objects.requireNonNull(error, "error");
        }
    }

    /** {@code tuple<A, B, ...>}. */
    record TupleOf(List<WitType> elements) implements WitType {
        public TupleOf {
            elements = List.copyOf(elements);
        }
    }

    /** A name in scope: a type defined here or brought in by {@code use}; a resource's name is {@code own}. */
    record Named(String name, Position position) implements WitType {
        public Named {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(position, "position");
        }
    }

    /** {@code borrow<R>}. */
    record Borrow(String resource, Position position) implements WitType {
        public Borrow {
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(position, "position");
        }
    }
}
