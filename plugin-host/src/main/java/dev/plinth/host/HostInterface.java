package dev.plinth.host;

import dev.plinth.component.HostFunction;
import dev.plinth.component.HostResource;
import dev.plinth.component.type.FuncType;

/**
 * An interface the application provides to component plugins that import it (for example
 * {@code my:app/lookup@1.0.0}), or the functions a world imports on its own ({@code world w { import log-line:
 * func(s: string); }}, offered under the world's full name {@code my:app/w@1.0.0}), offered with
 * {@link PluginEngine.Builder#componentImports}: asked for by a plugin's manifest
 * ({@code host-functions = ["my:app/lookup@1.0.0"]}), then granted by the policy, like an Extism host function.
 * When a component importing it is instantiated, the engine takes a view of it for that instance
 * ({@link #forInstance()}) and asks it for each function the component imports, with the type the component
 * gives it (so an implementation can convert values by that type), and for each resource type the interface
 * defines ({@link #resource}); when the instance is discarded, the view is {@linkplain #close() closed}.
 */
@FunctionalInterface
public interface HostInterface extends AutoCloseable {
    /**
     * The implementation of {@code function} of this interface as the component imports it (a plain name,
     * or {@code [constructor]cursor}, {@code [method]cursor.next}, {@code [static]cursor.open} for a resource's
     * functions), or {@code null} when the application has none (the plugin is then refused at load, naming it).
     *
     * @throws IllegalArgumentException when the application's function does not fit {@code type}; the message
     *     says how (the plugin is refused at load with it)
     */
    HostFunction function(String function, FuncType type);

    /**
     * The resource type {@code resource} (e.g. {@code cursor}) of this interface, whose representations the
     * resource's functions hand out and receive (a {@link dev.plinth.component.HostResourceTable} per instance
     * does that), or {@code null} when the application has none: the plugin is then refused at load, naming it.
     */
    default HostResource resource(String resource) {
        return null;
    }

    /**
     * The view one new component instance links to: an interface with resources answers one with tables of its
     * own, so that what one instance holds is no other's and is closed with it. By default this itself.
     */
    default HostInterface forInstance() {
        return this;
    }

    /** The instance this view served is discarded: it may free what the guest still held. By default nothing. */
    @Override
    default void close() {
    }
}
