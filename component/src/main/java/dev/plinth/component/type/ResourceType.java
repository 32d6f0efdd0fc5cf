package dev.plinth.component.type;

import java.util.Objects;

/**
 * A resource type. Resource types are generative: two definitions with the same name are different
 * types, so this class compares by identity. {@code name} is for messages and WIT only.
 */
public final class ResourceType {
    private final String name;

    public ResourceType(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** The resource's name as the component declares it, or a placeholder such as {@code resource-3}. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "resource " + name;
    }
}
