package dev.plinth.host.internal.registry;

import dev.plinth.api.error.PermissionDeniedException;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.component.ComponentImports;
import dev.plinth.component.ComponentLinkException;
import dev.plinth.component.HostFunction;
import dev.plinth.component.type.FuncType;
import dev.plinth.host.HostInterface;
import dev.plinth.security.policy.EffectiveGrants;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The application's interfaces a component plugin imports, checked at load: an imported interface the
 * application offers must be asked for by the manifest ({@code permissions.host-functions}, by the interface's
 * full name) and granted by the policy. Each function the component imports of it is then asked of the
 * application's implementation with its type when an instance is made; one it does not provide, or that does
 * not fit, fails the link ({@code invalid-module}, naming it). What the application does not offer is left to
 * the component's other imports.
 */
final class ApplicationImports {
    private final Map<String, HostInterface> offered;

    ApplicationImports(Map<String, HostInterface> offered) {
        this.offered = Map.copyOf(offered);
    }

    /** Whether the application offers interface {@code iface} (e.g. {@code my:app/lookup@1.0.0}). */
    boolean offers(String iface) {
        return offered.containsKey(iface);
    }

    /**
     * What the component gets from the application, by {@code iface#name}.
     *
     * @param importNames the component's top-level imports ({@code Component.importNames()})
     * @throws PermissionDeniedException when an offered interface is imported but not asked for or not granted
     */
    ComponentImports resolve(String label, PluginManifest manifest, EffectiveGrants grants, List<String> importNames) {
        Set<String> linked = new TreeSet<>();
        for (String iface : importNames) {
            if (!offered.containsKey(iface)) {
                continue;
            }
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
            linked.add(iface);
        }
        if (linked.isEmpty()) {
            return ComponentImports.none();
        }
        return new ComponentImports() {
            @Override
            public HostFunction function(String name) {
                return null; // asked with the type only
            }

            @Override
            public HostFunction function(String name, FuncType type) {
                int hash = name.indexOf('#');
                if (hash < 0 || !linked.contains(name.substring(0, hash))) {
                    return null;
                }
                try {
                    return offered.get(name.substring(0, hash)).function(name.substring(hash + 1), type);
                } catch (IllegalArgumentException e) {
                    throw new ComponentLinkException(label + " imports '" + name + "' (" + type.wit() + "), which the"
                            + " application's implementation does not fit: " + e.getMessage(), e);
                }
            }
        };
    }
}
