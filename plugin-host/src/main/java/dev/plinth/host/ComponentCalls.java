package dev.plinth.host;

import dev.plinth.component.type.FuncType;
import dev.plinth.component.value.Value;
import java.util.List;
import java.util.Map;

/**
 * The typed view of a plugin version that is a WebAssembly component: its exported functions with their WIT
 * types, called with {@link Value}s through the canonical ABI, on an instance of the version's pool, under the
 * same limits, fuel, deadline, audit and call statistics as its byte calls. Obtained from
 * {@link PluginVersion#component()} or {@link PluginHost#component(String)}. Thread-safe.
 */
public interface ComponentCalls {
    /**
     * The exported functions and their types, by name (a function of an exported instance as {@code iface#name}):
     * the component's whole interface, {@code plinth:plugin/lifecycle}'s {@code initialize} and {@code shutdown}
     * included, though only the host calls those ({@link #call} refuses them as {@code not-found}).
     */
    Map<String, FuncType> functions();

    /**
     * Calls {@code function} with {@code args}, one per parameter, and returns its results.
     *
     * @throws dev.plinth.api.error.PluginException with a stable code when the plugin fails, is stopped at a
     *     limit, or has no such function
     * @throws dev.plinth.component.value.InvalidValueException when {@code args} do not fit the function's
     *     parameter types (the caller's mistake: the instance serves on)
     */
    List<Value> call(String function, List<Value> args);
}
