package dev.plinth.component.wit;

import java.util.Objects;
import java.util.Optional;

/**
 * A reference to an interface or world: {@code streams} (in the same package) or
 * {@code wasi:io/streams@0.2.0} (in another package, {@code pkg} present).
 */
public record UsePath(Optional<PackageName> pkg, String name, Position position) {
    public UsePath {
        Objects.requireNonNull(pkg, "pkg");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(position, "position");
    }

    @Override
    public String toString() {
        return pkg.map(p -> p.qualify(name)).orElse(name);
    }
}
