package dev.plinth.spring.client;

import dev.plinth.api.PluginRegistry;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.deploy.PluginEvent;
import dev.plinth.api.deploy.PluginEventListener;
import dev.plinth.api.deploy.PluginEventType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exports that the application's {@link PluginClient} interfaces call, checked against what
 * each plugin version exports: when a client is created (so a mistyped method name is reported at
 * startup, not at its first call), whenever a new version loads, and on every health check. A
 * mismatch is logged as a warning naming the method, the export it wants and what the version
 * exports instead; the health indicator shows it.
 */
public final class ClientContracts implements PluginEventListener {
    private static final Logger LOG = LoggerFactory.getLogger(ClientContracts.class);
    private final Map<String, List<ClientMethod>> methodsByPlugin = new ConcurrentHashMap<>();
    private final Supplier<PluginRegistry> registry;

    /** @param registry finds the versions to check (looked up when needed: the registry is built after this) */
    public ClientContracts(Supplier<PluginRegistry> registry) {
        this.registry = registry;
    }

    /** Records a client's methods and reports those the plugin's current versions do not export. */
    void register(String plugin, Collection<ClientMethod> methods) {
        methodsByPlugin.computeIfAbsent(plugin, p -> new CopyOnWriteArrayList<>()).addAll(methods);
        for (VersionInfo version : registry.get().list()) {
            if (version.name().equals(plugin) && version.serving()) {
                report(version, mismatches(plugin, version.exports(), methods));
            }
        }
    }

    /**
     * What the clients of {@code version}'s plugin call that it does not export, one sentence per
     * method; empty when every client method finds its export.
     */
    public List<String> mismatches(VersionInfo version) {
        return mismatches(version.name(), version.exports(),
                methodsByPlugin.getOrDefault(version.name(), List.of()));
    }

    private static List<String> mismatches(String plugin, List<String> exports, Collection<ClientMethod> methods) {
        List<String> found = new ArrayList<>();
        for (ClientMethod method : methods) {
            if (!method.isExportedBy(exports)) {
                found.add(method.describe() + " calls " + method.wantedExports() + ", which " + plugin
                        + " does not export (it exports " + (exports.isEmpty() ? "nothing" : String.join(", ", exports))
                        + ")");
            }
        }
        return found;
    }

    @Override
    public void onEvent(PluginEvent event) {
        if (event.type() != PluginEventType.LOADED || !methodsByPlugin.containsKey(event.plugin())) {
            return;
        }
        for (VersionInfo version : registry.get().list()) {
            if (version.name().equals(event.plugin()) && version.version().equals(event.version())) {
                report(version, mismatches(version));
            }
        }
    }

    private static void report(VersionInfo version, List<String> mismatches) {
        for (String mismatch : mismatches) {
            LOG.warn("Plinth: plugin client mismatch with {} {}: {}; calls to it fail with not-found",
                    version.name(), version.version(), mismatch);
        }
    }
}
