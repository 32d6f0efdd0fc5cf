package dev.plinth.component.wit;

import java.util.List;
import java.util.Objects;

/** A world: what a component imports and exports, its own {@code use}s and types, and the worlds it includes. */
public record WitWorld(String name, List<WitUse> uses, List<TypeDef> types, List<WorldItem> imports,
                       List<WorldItem> exports, List<Include> includes, String docs, Position position) {
    public WitWorld {
        Objects.requireNonNull(name, "name");
        uses = List.copyOf(uses);
        types = List.copyOf(types);
        imports = List.copyOf(imports);
        exports = List.copyOf(exports);
        includes = List.copyOf(includes);
        Objects.requireNonNull(docs, "docs");
        Objects.requireNonNull(position, "position");
    }

    /** {@code include other-world with { a as b };}: the union with another world, some names renamed. */
    public record Include(UsePath world, List<WitUse.Name> renames, Position position) {
        public Include {
            Objects.requireNonNull(world, "world");
            renames = List.copyOf(renames);
            Objects.requireNonNull(position, "position");
        }
    }
}
