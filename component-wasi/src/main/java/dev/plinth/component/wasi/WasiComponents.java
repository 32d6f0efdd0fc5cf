package dev.plinth.component.wasi;

import dev.plinth.component.Component;
import dev.plinth.component.ComponentImports;
import dev.plinth.component.ComponentInstance;
import dev.plinth.component.ComponentOptions;
import dev.plinth.component.UnsupportedComponentException;
import dev.plinth.component.wasi.internal.WasiNames;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * WASI 0.2 for components: which interfaces this host provides, the check that refuses a component importing
 * any other WASI interface (by name, all at once, before it is instantiated), and instantiation with
 * {@link WasiHost} in front of the application's own imports.
 */
public final class WasiComponents {
    /** The WASI interfaces provided, without version; any 0.2.x version of each is accepted. */
    public static final Set<String> SUPPORTED = new TreeSet<>(WasiNames.SUPPORTED);

    private WasiComponents() {
    }

    /** The WASI interfaces {@code component} imports that this host does not provide, in import order. */
    public static List<String> unsupported(Component component) {
        return component.importNames().stream()
                .filter(WasiNames::isWasi)
                .filter(name -> WasiNames.provided(name) == null)
                .distinct()
                .toList();
    }

    /** Refuses {@code component} if it imports WASI interfaces this host does not provide, naming each. */
    public static void check(Component component) {
        List<String> missing = unsupported(component);
        if (!missing.isEmpty()) {
            throw new UnsupportedComponentException("the component imports WASI interfaces this host does not"
                    + " provide: " + String.join(", ", missing) + " (it provides WASI 0.2.x " + SUPPORTED + ")");
        }
    }

    /**
     * Checks {@code component} and instantiates it with {@code wasi} for its WASI imports and
     * {@code application} for the rest.
     */
    public static ComponentInstance instantiate(Component component, ComponentOptions options, WasiHost wasi,
            ComponentImports application) {
        check(component);
        return component.instantiate(options, wasi.orElse(application));
    }
}
