package dev.plinth.component.wit;

import java.util.Objects;

/**
 * Where names are looked up: an interface or a world of a package ({@code name}), or an interface
 * defined inline in a world ({@code world.iface}).
 */
public record Scope(PackageName pkg, String name) {
    public Scope {
        Objects.requireNonNull(pkg, "pkg");
        Objects.requireNonNull(name, "name");
    }

    /** The scope of an inline interface {@code iface} of {@code world}. */
    public static Scope inline(PackageName pkg, String world, String iface) {
        return new Scope(pkg, world + "." + iface);
    }

    @Override
    public String toString() {
        return pkg.qualify(name);
    }
}
