package dev.plinth.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The set of loaded plugins and the one way to call them. Loading never throws for a broken
 * plugin: it is listed as {@link PluginStatus#FAILED} with its error, and every other plugin
 * keeps serving. Calls are thread-safe and may come from any number of threads.
 */
public interface PluginRegistry extends AutoCloseable {

    /**
     * Discovers and loads every plugin in a folder: each {@code <dir>/<name>/plugin.toml} with its
     * wasm, and each bare {@code <dir>/<name>.wasm}.
     *
     * @return one entry per plugin found, failed ones included
     */
    List<VersionInfo> loadAll(Path pluginsDir);

    /**
     * Loads one plugin from a plugin directory (with {@code plugin.toml}) or a bare {@code .wasm}.
     * If a plugin of the same name is already serving from another source, the new one is
     * refused as a duplicate and reported failed.
     */
    VersionInfo load(Path source);

    /** Every plugin the registry knows, failed ones included, sorted by name. */
    List<VersionInfo> list();

    /** The entry for one plugin. */
    Optional<VersionInfo> find(String name);

    /**
     * Calls an exported function.
     *
     * @throws dev.plinth.api.error.PluginException with a stable code for every failure
     */
    CallResult call(CallRequest request);

    /** Shorthand for {@link #call(CallRequest)} that returns only the output. */
    default byte[] call(String plugin, String function, byte[] input) {
        return call(CallRequest.of(plugin, function, input)).output();
    }

    /**
     * Removes a plugin. Calls already running finish first; new calls get not-found.
     *
     * @return whether the plugin was known
     */
    boolean unload(String name);

    /** Unloads every plugin and releases the engine's threads. */
    @Override
    void close();
}
