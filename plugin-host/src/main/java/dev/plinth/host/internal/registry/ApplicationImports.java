package dev.plinth.host.internal.registry;

import dev.plinth.api.error.InvalidModuleException;
import dev.plinth.api.error.PermissionDeniedException;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.component.ComponentImports;
import dev.plinth.component.HostFunction;
import dev.plinth.component.type.ComponentType;
import dev.plinth.host.HostInterface;
import dev.plinth.security.policy.EffectiveGrants;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The application's interfaces a component plugin imports, checked at load: an imported interface the
 * application offers must be asked for by the manifest ({@code permissions.host-functions}, by the interface's
 * full name) and granted by the policy, and every function the component imports of it must be provided and
 * fit its type. What the application does not offer is left to the component's other imports.
 */
final class ApplicationImports {
    private final Map<String, HostInterface> offered;

    ApplicationImports(Map<String, HostInterface> offered) {
        this.offered = Map.copyOf(offered);
    }

    /**
     * The functions the component gets from the application, by {@code iface#name}.
     *
     * @throws PermissionDeniedException when an offered interface is imported but not asked for or not granted
     * @throws InvalidModuleException when an imported function is not provided or does not fit
     */
    ComponentImports resolve(String label, PluginManifest manifest, EffectiveGrants grants, ComponentType type) {
        Map<String, HostFunction> functions = new LinkedHashMap<>();
        for (ComponentType.Item item : type.imports()) {
            HostInterface provider = offered.get(item.name());
            if (provider == null || !(item instanceof ComponentType.Instance instance)) {
                continue;
            }
            String iface = item.name();
            if (!manifest.bare() && !manifest.permissions().hostFunctions().contains(iface)) {
                throw new PermissionDeniedException(label + " imports " + iface + " but its manifest does not ask"
                        + " for it; add it to permissions.host-functions (host-functions = [\"" + iface + "\"])");
            }
            if (!grants.allowsHostFunction(iface)) {
                throw new PermissionDeniedException(label + " imports " + iface + ", which "
                        + (manifest.bare() ? "the security policy does not grant to the bare component "
                                + manifest.name() : "its manifest asks for but the security policy does not grant to"
                                + " plugin " + manifest.name())
                        + "; grant it in the policy (host-functions = [\"" + iface + "\"])");
            }
            for (ComponentType.Item member : instance.items()) {
                if (member instanceof ComponentType.Func func) {
                    HostFunction f;
                    try {
                        f = provider.function(func.name(), func.type());
                    } catch (IllegalArgumentException e) {
                        throw new InvalidModuleException(label + " imports " + iface + "#" + func.name() + " as "
                                + func.type().wit() + ", which the application's implementation does not fit: "
                                + e.getMessage());
                    }
                    if (f == null) {
                        throw new InvalidModuleException(label + " imports " + iface + "#" + func.name() + " ("
                                + func.type().wit() + "), which the application's " + iface + " does not provide");
                    }
                    functions.put(iface + "#" + func.name(), f);
                }
            }
        }
        return ComponentImports.of(functions);
    }

    /** The offered interfaces' names, for messages. */
    String offeredNames() {
        return offered.isEmpty() ? "none" : String.join(", ", new TreeSet<>(offered.keySet()));
    }
}
