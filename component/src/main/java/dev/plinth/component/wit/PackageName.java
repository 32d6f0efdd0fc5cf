package dev.plinth.component.wit;

import java.util.Objects;
import java.util.Optional;

/** A WIT package name, {@code namespace:name@version}; the version is a semver string, optional. */
public record PackageName(String namespace, String name, Optional<String> version) {
    public PackageName {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }

    /** {@code wasi:io@0.2.0}. */
    @Override
    public String toString() {
        return namespace + ":" + name + version.map(v -> "@" + v).orElse("");
    }

    /** The name of one of its interfaces or worlds, {@code wasi:io/streams@0.2.0}. */
    public String qualify(String item) {
        return namespace + ":" + name + "/" + item + version.map(v -> "@" + v).orElse("");
    }
}
