package dev.plinth.host.internal.registry;

import dev.plinth.api.error.PermissionDeniedException;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.component.Component;
import dev.plinth.component.ComponentLinkException;
import dev.plinth.component.HostFunction;
import dev.plinth.component.HostResource;
import dev.plinth.component.UnsupportedComponentException;
import dev.plinth.component.type.ComponentType;
import dev.plinth.component.type.FuncType;
import dev.plinth.host.HostInterface;
import dev.plinth.host.internal.component.InstanceImports;
import dev.plinth.security.policy.EffectiveGrants;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The application's interfaces a component plugin imports, checked at load: an imported interface the
 * application offers must be asked for by the manifest ({@code permissions.host-functions}, by the interface's
 * full name) and granted by the policy. A function the component imports on its own ({@code log-line}, a
 * world's import outside any interface) is looked for among what the application offers under other names (a
 * world's, {@code my:app/w@1.0.0}): the offer that provides it must be asked for and granted the same way.
 * Each function and resource type the component imports of them is then asked of the application's
 * implementation, a view of it per instance, when an instance is made; one it does not provide, or that does
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
     * What one version of a component links of the application: the names of its imports that the application
     * provides (interfaces and functions of their own), and the imports of each new instance.
     */
    record Linked(Set<String> names, Supplier<InstanceImports> instances) {
    }

    /**
     * What the component gets from the application: interfaces by {@code iface#name}, its own function imports
     * by name.
     *
     * @throws PermissionDeniedException when something the application offers is imported but not asked for or
     *     not granted
     */
    Linked resolve(String label, PluginManifest manifest, EffectiveGrants grants, Component component) {
        List<String> importNames = component.importNames();
        Set<String> interfaces = new TreeSet<>();
        for (String iface : importNames) {
            if (offered.containsKey(iface)) {
                requireGranted(label, manifest, grants, iface, iface);
                interfaces.add(iface);
            }
        }
        // a function of the world's own: provided by an offer the component does not import as an instance
        List<String> worlds = offered.keySet().stream().filter(name -> !importNames.contains(name)).sorted().toList();
        Map<String, String> functions = new LinkedHashMap<>();
        if (!worlds.isEmpty()) {
            ownFunctions(component).forEach((function, type) -> {
                List<String> providers = worlds.stream().filter(w -> fits(offered.get(w), function, type) == FIT)
                        .toList();
                if (providers.isEmpty()) {
                    // one that has it but does not fit its type is named with how at the link
                    providers = worlds.stream().filter(w -> fits(offered.get(w), function, type) == MISFIT).toList();
                }
                if (providers.isEmpty()) {
                    return; // ComponentImportCheck names it: nothing provides it
                }
                String chosen = providers.stream().filter(w -> asked(manifest, w) && grants.allowsHostFunction(w))
                        .findFirst().orElse(null);
                if (chosen == null) {
                    String offer = providers.stream().filter(w -> asked(manifest, w)).findFirst()
                            .orElse(providers.get(0));
                    requireGranted(label, manifest, grants, function + " (the application provides it in " + offer
                            + ")", offer);
                }
                functions.put(function, chosen);
            });
        }
        Set<String> names = new TreeSet<>(interfaces);
        names.addAll(functions.keySet());
        if (names.isEmpty()) {
            return new Linked(Set.of(), () -> InstanceImports.of(dev.plinth.component.ComponentImports.none()));
        }
        Set<String> linked = new TreeSet<>(interfaces);
        linked.addAll(functions.values());
        return new Linked(Set.copyOf(names), () -> new View(label, instanceViews(linked), functions));
    }

    private Map<String, HostInterface> instanceViews(Set<String> linked) {
        Map<String, HostInterface> views = new LinkedHashMap<>();
        try {
            for (String name : linked) {
                views.put(name, offered.get(name).forInstance());
            }
        } catch (RuntimeException e) {
            views.values().forEach(HostInterface::close);
            throw e;
        }
        return views;
    }

    private static boolean asked(PluginManifest manifest, String name) {
        return manifest.bare() || manifest.permissions().hostFunctions().contains(name);
    }

    /** @param what what is imported, as the messages name it: an interface, or a function and its offer */
    private static void requireGranted(String label, PluginManifest manifest, EffectiveGrants grants, String what,
            String name) {
        if (!asked(manifest, name)) {
            throw new PermissionDeniedException(label + " imports " + what + " but its manifest does not ask for it;"
                    + " add it to permissions.host-functions (host-functions = [\"" + name + "\"])");
        }
        if (!grants.allowsHostFunction(name)) {
            throw new PermissionDeniedException(label + " imports " + what + ", which "
                    + (manifest.bare() ? "the security policy does not grant to the bare component "
                            + manifest.name() : "its manifest asks for but the security policy does not grant to"
                            + " plugin " + manifest.name())
                    + "; grant it in the policy (host-functions = [\"" + name + "\"])");
        }
    }

    private static final int ABSENT = 0;
    private static final int FIT = 1;
    private static final int MISFIT = 2;

    /** Whether {@code offer} has {@code function} and it fits {@code type}, by name and type. */
    private static int fits(HostInterface offer, String function, FuncType type) {
        try {
            return offer.function(function, type) != null ? FIT : ABSENT;
        } catch (IllegalArgumentException e) {
            return MISFIT;
        }
    }

    /** The component's top-level function imports with their types; none when its type cannot be read. */
    private static Map<String, FuncType> ownFunctions(Component component) {
        Map<String, FuncType> functions = new LinkedHashMap<>();
        ComponentType type;
        try {
            type = component.type();
        } catch (UnsupportedComponentException e) {
            return functions;
        }
        for (ComponentType.Item item : type.imports()) {
            if (item instanceof ComponentType.Func f) {
                functions.put(f.name(), f.type());
            }
        }
        return functions;
    }

    /** One instance's view: each linked offer's view of that instance. */
    private static final class View implements InstanceImports {
        private final String label;
        private final Map<String, HostInterface> views;
        private final Map<String, String> functions;

        View(String label, Map<String, HostInterface> views, Map<String, String> functions) {
            this.label = label;
            this.views = views;
            this.functions = functions;
        }

        @Override
        public HostFunction function(String name) {
            return null; // asked with the type only
        }

        @Override
        public HostFunction function(String name, FuncType type) {
            int hash = name.indexOf('#');
            HostInterface view = hash < 0 ? views.get(functions.get(name)) : views.get(name.substring(0, hash));
            if (view == null || (hash < 0 && !functions.containsKey(name))) {
                return null;
            }
            try {
                return view.function(hash < 0 ? name : name.substring(hash + 1), type);
            } catch (IllegalArgumentException e) {
                throw new ComponentLinkException(label + " imports '" + name + "' (" + type.wit() + "), which the"
                        + " application's implementation does not fit: " + e.getMessage(), e);
            }
        }

        @Override
        public HostResource resource(String name) {
            int hash = name.indexOf('#');
            HostInterface view = hash < 0 ? null : views.get(name.substring(0, hash));
            return view == null ? null : view.resource(name.substring(hash + 1));
        }

        @Override
        public void close() {
            List<RuntimeException> failures = new ArrayList<>();
            for (HostInterface view : views.values()) {
                try {
                    view.close();
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
            if (!failures.isEmpty()) {
                RuntimeException first = failures.get(0);
                failures.subList(1, failures.size()).forEach(first::addSuppressed);
                throw first;
            }
        }
    }
}
