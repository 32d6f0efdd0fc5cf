package dev.plinth.component.wit;

import java.util.List;
import java.util.Objects;

/** {@code use iface.{a, b as c};}: types of another interface brought into scope, each under a local name. */
public record WitUse(UsePath from, List<Name> names, Position position) {
    public WitUse {
        Objects.requireNonNull(from, "from");
        names = List.copyOf(names);
        Objects.requireNonNull(position, "position");
    }

    /** One used name: {@code name} in the other interface, {@code as} in this scope (the same unless renamed). */
    public record Name(String name, String as, Position position) {
        public Name {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(as, "as");
        }
    }
}
