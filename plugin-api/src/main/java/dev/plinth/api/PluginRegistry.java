package dev.plinth.api;

import dev.plinth.api.batch.BatchResult;
import dev.plinth.api.batch.BatchRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The set of loaded plugins and the one way to call them. Loading never throws for a broken
 * plugin: it is listed as {@link PluginStatus#FAILED} with its error, and every other plugin
 * keeps serving. Calls are thread-safe and may come from any number of threads.
 */
public interface PluginRegistry extends AutoCloseable {
    /** The deadline of a batch that names none: one minute for all of its items. */
    Duration DEFAULT_BATCH_DEADLINE = Duration.ofMinutes(1);

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
     * Runs a batch of calls, at most {@code parallelism} at once (so at most that many of a
     * plugin's instances are busy with it), within {@link #DEFAULT_BATCH_DEADLINE} for the whole
     * batch; see {@link #callAll(List, int, Duration)}.
     */
    default List<BatchResult> callAll(List<CallRequest> requests, int parallelism) {
        return callAll(requests, parallelism, DEFAULT_BATCH_DEADLINE);
    }

    /**
     * Runs a batch of calls, at most {@code parallelism} at once. The results are in the order of
     * the requests, one per request: its {@link CallResult} or its {@link dev.plinth.api.error.PluginException},
     * so one failing item does not fail the rest. An item not started before {@code deadline}
     * (for the whole batch) fails with code {@code timeout}
     * ({@link dev.plinth.api.batch.BatchTimeoutException}); items already running finish under their
     * own call deadline.
     *
     * @throws IllegalArgumentException when parallelism is below 1 or above
     *     {@value BatchRunner#MAX_PARALLELISM}, or the deadline is not positive
     */
    default List<BatchResult> callAll(List<CallRequest> requests, int parallelism, Duration deadline) {
        return new BatchRunner(this::call).run(requests, parallelism, deadline);
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
