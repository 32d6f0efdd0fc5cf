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
import java.util.Optional;
import java.util.stream.Stream;
import dev.plinth.component.type.FuncType;
import dev.plinth.host.ComponentCalls;
import dev.plinth.host.PluginVersion;
import dev.plinth.spring.ActivePlugins;
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
    private final Map<String, List<ComponentMethod>> componentMethods = new ConcurrentHashMap<>();
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
     * Records the methods of a client of a component plugin and reports those that the plugin's serving
     * version does not export, or whose Java signature does not fit the export's WIT type.
     */
    void registerComponent(String plugin, Collection<ComponentMethod> methods) {
        componentMethods.computeIfAbsent(plugin, p -> new CopyOnWriteArrayList<>()).addAll(methods);
        for (VersionInfo version : registry.get().list()) {
            if (version.name().equals(plugin) && version.serving()) {
                report(version, componentMismatches(version, methods));
            }
        }
    }

    /**
     * What the clients of {@code version}'s plugin call that it does not export, one sentence per
     * method; empty when every client method finds its export. For a component plugin, also each
     * method whose Java signature does not fit its export's WIT type.
     */
    public List<String> mismatches(VersionInfo version) {
        List<String> found = new ArrayList<>(mismatches(version.name(), version.exports(),
                methodsByPlugin.getOrDefault(version.name(), List.of())));
        found.addAll(componentMismatches(version, componentMethods.getOrDefault(version.name(), List.of())));
        return found;
    }

    private List<String> componentMismatches(VersionInfo version, Collection<ComponentMethod> methods) {
        if (methods.isEmpty()) {
            return List.of();
        }
        Optional<Map<String, FuncType>> functions = functionsOf(version);
        if (functions.isEmpty()) {
            return List.of("a client of " + version.name() + " calls a WebAssembly component ("
                    + methods.iterator().next().describe() + ", ...), but " + version.name() + " " + version.version()
                    + " is not one (or is not serving)");
        }
        List<String> found = new ArrayList<>();
        for (ComponentMethod method : methods) {
            Optional<String> export = method.export(functions.get());
            if (export.isEmpty()) {
                found.add(method.describe() + " calls " + String.join(" or ", method.candidates()) + ", which "
                        + version.name() + " does not export (it exports " + String.join(", ",
                        new java.util.TreeSet<>(functions.get().keySet())) + ")");
                continue;
            }
            FuncType type = functions.get().get(export.get());
            method.mismatch(type).ifPresent(m -> found.add(method.describe() + " does not fit " + export.get() + " "
                    + type.wit() + ": " + m));
        }
        return found;
    }

    /** The exported functions of this very version, from the registry's serving or canary version. */
    private Optional<Map<String, FuncType>> functionsOf(VersionInfo version) {
        if (!(registry.get() instanceof ActivePlugins active)) {
            return Optional.empty();
        }
        return Stream.of(active.active(version.name()), active.canaryVersion(version.name()))
                .flatMap(Optional::stream)
                .filter(v -> v.version().equals(version.version()) && v.sha256().equals(version.sha256()))
                .findFirst().flatMap(PluginVersion::component).map(ComponentCalls::functions);
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
        if (event.type() != PluginEventType.LOADED || (!methodsByPlugin.containsKey(event.plugin())
                && !componentMethods.containsKey(event.plugin()))) {
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
