package dev.plinth.component.type;

import java.util.List;
import java.util.Objects;

/**
 * What a component imports and exports, with their types and the names the component gives its types,
 * read from the binary without instantiating it: what {@code plinth inspect} prints as WIT and what a
 * contract check compares. Items keep the binary's order.
 */
public record ComponentType(List<Item> imports, List<Item> exports) {
    public ComponentType {
        imports = List.copyOf(imports);
        exports = List.copyOf(exports);
    }

    /** An import or export, or an item of an imported or exported instance. */
    public sealed interface Item {
        /** The name in the binary, e.g. {@code process}, {@code my:app/host@1.0.0}, {@code [method]counter.get}. */
        String name();
    }

    /** A function. */
    public record Func(String name, FuncType type) implements Item {
        public Func {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * A named value type: where WIT writes {@code record request { ... }} or {@code type id = u64}. Functions
     * that use the type refer to this very {@code type} object (types are compared by identity here).
     */
    public record NamedType(String name, ValueType type) implements Item {
        public NamedType {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /** A resource type, by the name the component gives it. */
    public record Resource(String name, ResourceType type) implements Item {
        public Resource {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /** An instance: in WIT, an interface; its functions, types and resources. */
    public record Instance(String name, List<Item> items) implements Item {
        public Instance {
            Objects.requireNonNull(name, "name");
            items = List.copyOf(items);
            for (Item item : items) {
                if (item instanceof Instance) {
                    throw new IllegalArgumentException("an instance holds no instances");
                }
            }
        }
    }
}
