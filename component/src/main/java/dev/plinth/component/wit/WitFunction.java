package dev.plinth.component.wit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A function: free in an interface or world, or a resource's method, static function or
 * constructor. A method's {@code self} is implicit (not in {@code params}); a constructor
 * without a written result returns its resource.
 */
public record WitFunction(String name, Kind kind, List<Param> params, Optional<WitType> result, boolean async,
                          String docs, Position position) {
    public WitFunction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        params = List.copyOf(params);
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(docs, "docs");
        Objects.requireNonNull(position, "position");
    }

    /** Where a function stands. */
    public enum Kind { FREESTANDING, METHOD, STATIC, CONSTRUCTOR }

    /** A named parameter. */
    public record Param(String name, WitType type) {
        public Param {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }
}
