package dev.plinth.host;

import dev.plinth.component.HostFunction;
import dev.plinth.component.type.FuncType;

/**
 * An interface the application provides to component plugins that import it (for example
 * {@code my:app/lookup@1.0.0}), offered with {@link PluginEngine.Builder#componentImports}: asked for by a
 * plugin's manifest ({@code host-functions = ["my:app/lookup@1.0.0"]}), then granted by the policy, like an
 * Extism host function. When a component importing it loads, each function it imports is asked for here with
 * the type the component gives it, so an implementation can convert values by that type.
 */
@FunctionalInterface
public interface HostInterface {
    /**
     * The implementation of {@code function} of this interface as the component imports it, or {@code null}
     * when the application has none (the plugin is then refused at load, naming it).
     *
     * @throws IllegalArgumentException when the application's function does not fit {@code type}; the message
     *     says how (the plugin is refused at load with it)
     */
    HostFunction function(String function, FuncType type);
}
