package dev.plinth.spring;

import dev.plinth.api.PluginRegistry;
import dev.plinth.api.VersionInfo;
import dev.plinth.host.PluginHost;
import dev.plinth.host.PluginVersion;
import java.util.Optional;

/**
 * Finds the version of a plugin that serves calls now, for the parts of the starter that need more
 * than {@link dev.plinth.api.VersionInfo}: export codecs for typed plugin beans, permissions, limits
 * and call statistics for the actuator, live instances and latency for the metrics gauges. Looked up on every use, so the
 * answer follows reloads.
 */
@FunctionalInterface
public interface ActivePlugins {

    /** The serving version of {@code plugin}, or empty when it is not serving (or cannot be told). */
    Optional<PluginVersion> active(String plugin);

    /**
     * The canary version of {@code plugin}, or empty when none runs (or cannot be told): the
     * actuator shows its call statistics next to the serving version's. Empty by default.
     */
    default Optional<PluginVersion> canaryVersion(String plugin) {
        return Optional.empty();
    }

    /**
     * The lookup a registry offers: itself when it is one, {@link PluginHost#loaded} for the plain
     * host, and "never known" for registries that keep their versions to themselves.
     */
    static ActivePlugins of(PluginRegistry registry) {
        if (registry instanceof ActivePlugins lookup) {
            return lookup;
        }
        if (registry instanceof PluginHost host) {
            return host::loaded;
        }
        return plugin -> Optional.empty();
    }
}
