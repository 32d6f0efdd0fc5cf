package dev.plinth.component.wit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** An interface: its {@code use}s, named types and functions, in source order. */
public record WitInterface(String name, List<WitUse> uses, List<TypeDef> types, List<WitFunction> functions,
                           String docs, Position position) {
    public WitInterface {
        Objects.requireNonNull(name, "name");
        uses = List.copyOf(uses);
        types = List.copyOf(types);
        functions = List.copyOf(functions);
        Objects.requireNonNull(docs, "docs");
        Objects.requireNonNull(position, "position");
    }

    /** The type defined here under {@code name} (not one brought in by {@code use}). */
    public Optional<TypeDef> type(String name) {
        return types.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The free function named {@code name}. */
    public Optional<WitFunction> function(String name) {
        return functions.stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
