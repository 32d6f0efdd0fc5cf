package dev.plinth.api.lifecycle;

import java.util.List;
import java.util.Objects;

/**
 * What a plugin says about itself through its {@code plinth_metadata} export: shown by
 * {@code plinth inspect} and the actuator, its name and version checked against
 * {@code plugin.toml} at load.
 *
 * @param name the plugin's name, as in {@code plugin.toml}
 * @param version its version, as in {@code plugin.toml}
 * @param description what it does (empty if it said nothing)
 * @param author who made it (empty if it said nothing)
 * @param capabilities what it says it can do, free words such as {@code "transform"}
 */
public record PluginMetadata(String name, String version, String description, String author,
        List<String> capabilities) {
    public PluginMetadata {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(author, "author");
        capabilities = List.copyOf(capabilities);
    }
}
