package dev.plinth.reload;

import dev.plinth.api.CallRequest;
import dev.plinth.api.CallResult;
import dev.plinth.api.PluginRegistry;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.deploy.CanaryState;
import dev.plinth.api.deploy.PluginDeployments;
import dev.plinth.api.deploy.PluginEventListener;
import dev.plinth.api.deploy.RetryState;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.component.type.FuncType;
import dev.plinth.component.value.Value;
import dev.plinth.host.ComponentCalls;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginVersion;
import dev.plinth.reload.internal.FolderWatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry that follows a plugins folder: it loads every plugin there on {@link #start()},
 * then watches the folder and swaps new versions in while calls flow, keeps a bounded version
 * history per plugin, routes a share of calls to a canary by a stable hash of the call's routing
 * key, and rolls a misbehaving canary back on its own. A half-copied file is never loaded (a change
 * counts once its files' sizes and times stay put for the debounce interval), a bad version never
 * replaces a good one, and a version's calls in flight always finish on it.
 *
 * <pre>{@code
 * try (ReloadingRegistry plugins = ReloadingRegistry.builder(PluginEngine.builder().build())
 *         .pluginsDir(Path.of("plugins"))
 *         .canaryPolicy(CanaryPolicy.canary(10).withMaxFailureRate(0.02))
 *         .build()) {
 *     plugins.start();
 *     plugins.call(CallRequest.of("text-transformer", "transform", input).withRoutingKey(userId));
 * }
 * }</pre>
 *
 * <h2>Versions</h2>
 * A change becomes a new version only when its source digest ({@link PluginEngine#sourceDigest}:
 * SHA-256 over {@code plugin.toml}, the {@code .wasm} files and their {@code .wasm.sig} files)
 * differs from the serving version's. Versions are named by {@link dev.plinth.api.VersionId}
 * ({@code 0.1.0@1a2b3c4d}: version string and digest) in events and logs, so two builds with one
 * version string are told apart. The version replaced last stays loaded, out of routing and marked
 * deprecated, so that {@link #rollback} is instant (or gradual: {@link #stageCanary}); the one before
 * it is closed. A rollback by request leaves the version it takes out
 * {@link dev.plinth.api.PluginStatus#ROLLED_BACK}; an automatic one marks the canary failed with the
 * figures as the reason. The canary's weight and the active version's add up to 100.
 *
 * <p>Canary routing hashes the plugin's name and the routing key with SHA-256 into 10,000
 * buckets (see {@link CanaryPolicy} for the thresholds; latency is judged on the p99).
 *
 * <h2>Concurrency</h2>
 * <ul>
 *   <li><b>Calls</b> take no lock. Each plugin's serving versions are one immutable routing value
 *       in a volatile field; a call reads it once, picks one version, and enters that version's
 *       lease, which keeps the version open until the call ends. Its outcome is counted in lock-free
 *       adders and a lock-free latency histogram.</li>
 *   <li><b>Changes</b> to one plugin (install, weight, promote, abort, rollback, unload) run under
 *       that plugin's lock: they publish the new routing first and retire the versions it left out
 *       afterwards. A retired version closes when its last call leaves; a call that entered a
 *       version just retired backs out and picks again from the new routing.</li>
 *   <li><b>Loading</b> (reading, verifying, compiling, the first instance) runs on a bounded pool
 *       of loader threads ({@link Builder#loaderThreads}), one deployment at a time per source, so
 *       two changes to the same files never race, and different plugins load side by side: a slow
 *       or stuck load of one plugin never delays another's. It holds no lock: the deployer's lock
 *       covers only the short in-memory steps (is this new? install it in the slot; record a
 *       failure), so the install is atomic and nothing waits on a read or a compile. The watcher's
 *       thread only looks at file stamps and hands settled changes to the loader threads, so it
 *       keeps noticing changes whatever a load does. {@link #start}, {@link #load},
 *       {@link #loadAll} and {@link #reload} wait for their loads; {@code start} loads the folder's
 *       plugins side by side.</li>
 *   <li><b>Events</b> go to listeners on the thread that made the change (a loader thread for
 *       deployments), after every lock is released, so a listener may call back into the
 *       registry.</li>
 *   <li><b>Automatic rollback or promotion</b> of a canary is decided on the calling thread right
 *       after a canary call; the plugin's lock makes it happen once.</li>
 * </ul>
 */
public final class ReloadingRegistry implements PluginRegistry, PluginDeployments {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingRegistry.class);

    private final PluginEngine engine;
    private final Path pluginsDir;
    private final boolean watch;
    private final SlotTable slots;
    private final EventHub events;
    private final Deployer deployer;
    private final CallDispatcher dispatcher;
    private final FolderWatcher watcher;
    private final Object lifecycle = new Object();
    private boolean started;
    private boolean closed;

    private ReloadingRegistry(Builder builder) {
        this.engine = builder.engine;
        this.pluginsDir = builder.pluginsDir.toAbsolutePath().normalize();
        this.watch = builder.watch;
        this.slots = new SlotTable(builder.historySize);
        this.events = new EventHub(builder.clock);
        builder.listeners.forEach(events::add);
        this.deployer = new Deployer(engine, slots, events, builder.defaultPolicy, builder.policies,
                builder.loaderThreads, builder.retryPolicy, builder.retryScheduler, builder.clock);
        this.dispatcher = new CallDispatcher(slots, events);
        this.watcher = watch ? new FolderWatcher(pluginsDir, builder.debounce, builder.rescanInterval,
                deployer::settled) : null;
    }

    /** Starts configuring a registry that runs plugins on {@code engine} (and closes it when closed). */
    public static Builder builder(PluginEngine engine) {
        return new Builder(engine);
    }

    /**
     * Loads every plugin in the plugins folder (creating the folder if it is missing), then starts
     * watching it when watching is on. Broken plugins are listed as failed; the others serve.
     *
     * @return one entry per plugin source found
     */
    public List<VersionInfo> start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("the registry is closed");
            }
            if (started) {
                throw new IllegalStateException("the registry is started already");
            }
            started = true;
            createFolder();
            if (watcher != null) {
                watcher.open();
            }
            List<VersionInfo> loaded = loadAll(pluginsDir);
            if (watcher != null) {
                watcher.start();
            }
            long failed = loaded.stream().filter(v -> v.status() == PluginStatus.FAILED).count();
            LOG.info("plugins folder {}: {} plugin(s) loaded{}{}", pluginsDir, loaded.size() - failed,
                    failed == 0 ? "" : ", " + failed + " failed (see above)",
                    watch ? "; watching for changes" : "");
            return loaded;
        }
    }

    /** The version taking calls that carry no canary share, if the plugin serves. */
    public Optional<PluginVersion> active(String plugin) {
        return slots.find(plugin).map(s -> s.routing().active()).map(RoutedVersion::plugin);
    }

    /** The canary taking a share of the plugin's calls, if one runs (or is staged at weight 0). */
    public Optional<PluginVersion> canaryVersion(String plugin) {
        return slots.find(plugin).map(s -> s.routing().canary()).map(RoutedVersion::plugin);
    }

    /** The plugins folder this registry follows. */
    public Path pluginsDir() {
        return pluginsDir;
    }

    @Override
    public List<VersionInfo> loadAll(Path dir) {
        requireOpen();
        if (!Files.isDirectory(dir)) {
            LOG.warn("plugins folder {} does not exist; no plugins loaded", dir.toAbsolutePath());
            return List.of();
        }
        return deployer.deployAll(PluginEngine.discover(dir));
    }

    @Override
    public VersionInfo load(Path source) {
        requireOpen();
        return deployer.deploy(source);
    }

    /** Every plugin: its active version, its canary, and its newest version when that one failed; sorted by name. */
    @Override
    public List<VersionInfo> list() {
        List<VersionInfo> all = new ArrayList<>();
        slots.all().forEach(slot -> all.addAll(slot.infos()));
        all.sort(Comparator.comparing(VersionInfo::name).thenComparing(VersionInfo::status));
        return all;
    }

    /** The plugin's active version, or its newest failed one when nothing serves. */
    @Override
    public Optional<VersionInfo> find(String name) {
        return slots.find(name).flatMap(slot -> slot.infos().stream().findFirst());
    }

    /** Calls the version the plugin's routing picks for the request's routing key (or by weight without one). */
    @Override
    public CallResult call(CallRequest request) {
        Objects.requireNonNull(request, "request");
        return dispatcher.call(request);
    }

    /**
     * The typed calls of plugin {@code name}, a WebAssembly component, routed as byte calls are: each call goes
     * to the version the plugin's routing picks (the canary for its share, by weight), holding its lease, and
     * a canary's calls are judged. A call to a core-module version is a {@code not-found}.
     */
    public ComponentCalls component(String name) {
        return component(name, Optional.empty());
    }

    /**
     * {@link #component(String)}, every call routed by {@code routingKey} (a user or request id), so that a
     * caller stays on one version while a canary runs.
     */
    public ComponentCalls component(String name, String routingKey) {
        return component(name, Optional.of(routingKey));
    }

    private ComponentCalls component(String name, Optional<String> routingKey) {
        Objects.requireNonNull(name, "name");
        return new ComponentCalls() {
            @Override
            public Map<String, FuncType> functions() {
                return dispatcher.dispatch(name, "functions", routingKey, version -> typed(version).functions());
            }

            @Override
            public List<Value> call(String function, List<Value> args) {
                return dispatcher.dispatch(name, function, routingKey, version -> typed(version).call(function, args));
            }
        };
    }

    private static ComponentCalls typed(PluginVersion version) {
        return version.component().orElseThrow(() -> new PluginNotFoundException("plugin " + version.name() + " "
                + version.version() + " is a core module (Extism ABI), not a component: call it with bytes"));
    }

    @Override
    public boolean unload(String name) {
        return deployer.unload(name, "unloaded by request; calls in flight finish first");
    }

    @Override
    public List<VersionInfo> history(String plugin) {
        return slots.find(plugin).map(PluginSlot::history).orElse(List.of());
    }

    @Override
    public Optional<CanaryState> canary(String plugin) {
        return slots.find(plugin).flatMap(PluginSlot::canaryState);
    }

    /** Reads the plugin's files again now, without waiting for the watcher; unloads it if they are gone. */
    @Override
    public void reload(String plugin) {
        requireOpen();
        Path source = slots.require(plugin).source();
        if (Files.exists(source)) {
            deployer.deploy(source);
        } else {
            deployer.removed(source);
        }
    }

    @Override
    public void setCanaryWeight(String plugin, int weight) {
        change(plugin, (slot, batch) -> slot.setCanaryWeight(weight, batch));
    }

    /**
     * Makes a loaded version the canary at {@code weight}: the version kept for rollback, to go back
     * gradually (withdrawn by request it is kept for rollback again; rolled back automatically it
     * fails like any canary), or the canary itself (its weight changes). Versions are named as
     * {@link dev.plinth.api.VersionId} writes them, {@code 0.1.0@1a2b3c4d}, or by the version
     * string alone when only one loaded version has it.
     */
    @Override
    public void stageCanary(String plugin, String version, int weight) {
        Objects.requireNonNull(version, "version");
        change(plugin, (slot, batch) -> slot.stageCanary(version, weight, batch));
    }

    @Override
    public void promote(String plugin) {
        change(plugin, (slot, batch) -> slot.promote(batch, "promoted by request"));
    }

    @Override
    public void abort(String plugin) {
        change(plugin, PluginSlot::abort);
    }

    /**
     * Withdraws the running canary; without one, puts the version that served before the last swap
     * back in service (it was kept loaded for this). Either way the version taken out is
     * {@link dev.plinth.api.PluginStatus#ROLLED_BACK}, not failed. The files on disk are left as they are.
     *
     * @throws IllegalStateException when there is neither a canary nor a previous version loaded
     */
    @Override
    public void rollback(String plugin) {
        change(plugin, PluginSlot::rollback);
    }

    /** {@inheritDoc} See {@link Builder#retryPolicy}. */
    @Override
    public List<RetryState> retries() {
        return deployer.retries();
    }

    @Override
    public void addListener(PluginEventListener listener) {
        events.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(PluginEventListener listener) {
        events.remove(listener);
    }

    /**
     * Stops watching, stops the loader threads (waiting loads are cancelled, running ones
     * interrupted and given up to 10 s; what they loaded is not installed), unloads every plugin
     * (calls in flight finish first) and closes the engine.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (watcher != null) {
            watcher.close();
        }
        deployer.close();
        for (PluginSlot slot : slots.all()) {
            deployer.unload(slot.name(), "the registry is closing; calls in flight finish first");
        }
        engine.close();
    }

    private interface SlotChange {
        void apply(PluginSlot slot, EventBatch batch);
    }

    private void change(String plugin, SlotChange change) {
        PluginSlot slot = slots.require(plugin);
        EventBatch batch = events.batch();
        try {
            change.apply(slot, batch);
        } finally {
            events.publish(batch);
        }
    }

    private void requireOpen() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("the registry is closed");
            }
        }
    }

    private void createFolder() {
        if (Files.isDirectory(pluginsDir)) {
            return;
        }
        try {
            Files.createDirectories(pluginsDir);
            LOG.info("plugins folder {} did not exist; created it to watch it", pluginsDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create plugins folder " + pluginsDir, e);
        }
    }

    /**
     * Settings of a {@link ReloadingRegistry}. Only the plugins folder is required; the defaults
     * watch it with a 200 ms debounce and a 2 s rescan, replace new versions at once, and keep ten
     * versions of history per plugin.
     */
    public static final class Builder {
        private final PluginEngine engine;
        private Path pluginsDir;
        private boolean watch = true;
        private Duration debounce = Duration.ofMillis(200);
        private Duration rescanInterval = Duration.ofSeconds(2);
        private CanaryPolicy defaultPolicy = CanaryPolicy.DEFAULT;
        private final Map<String, CanaryPolicy> policies = new LinkedHashMap<>();
        private int historySize = 10;
        private final List<PluginEventListener> listeners = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private RetryScheduler retryScheduler;
        private int loaderThreads = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));

        private Builder(PluginEngine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
        }

        /** The folder to load plugins from and to watch. Required. */
        public Builder pluginsDir(Path dir) {
            this.pluginsDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Whether to watch the folder for changes after {@link ReloadingRegistry#start()} (default true). */
        public Builder watch(boolean enabled) {
            this.watch = enabled;
            return this;
        }

        /** How long a changed file's size and time must stay put before it is loaded (default 200 ms). */
        public Builder debounce(Duration value) {
            this.debounce = requireNotNegative("debounce", value);
            return this;
        }

        /** How often the folder is listed even without file system events (default 2 s). */
        public Builder rescanInterval(Duration value) {
            requireNotNegative("rescanInterval", value);
            if (value.isZero()) {
                throw new IllegalArgumentException("rescanInterval must be positive");
            }
            this.rescanInterval = value;
            return this;
        }

        /** The policy for new versions of every plugin without one of its own (default {@link CanaryPolicy#DEFAULT}). */
        public Builder canaryPolicy(CanaryPolicy policy) {
            this.defaultPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The policy for new versions of one plugin. */
        public Builder canaryPolicy(String plugin, CanaryPolicy policy) {
            policies.put(Objects.requireNonNull(plugin, "plugin"), Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /** How many versions each plugin's history keeps (default 10; loaded versions are never dropped). */
        public Builder historySize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("historySize must be at least 1, was " + size);
            }
            this.historySize = size;
            return this;
        }

        /** Tells {@code listener} about every version change. */
        public Builder listener(PluginEventListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** The clock that stamps events and history (default UTC system clock); debouncing uses {@link System#nanoTime()}. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * How many plugins may load (read, verify, compile, instantiate) at once, on threads of
         * their own (default: the processors, at least 2 and at most 4). Loads of one source
         * always run one after another.
         */
        public Builder loaderThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("loaderThreads must be at least 1, was " + threads);
            }
            this.loaderThreads = threads;
            return this;
        }

        /**
         * How a version that failed for a reason that can pass ({@link RetryClassifier}) is loaded
         * again (default {@link RetryPolicy#DEFAULT}); {@code null} turns retries off.
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = policy;
            return this;
        }

        /** Where retries wait for their time (default: a daemon thread of the registry's own). */
        public Builder retryScheduler(RetryScheduler scheduler) {
            this.retryScheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        public ReloadingRegistry build() {
            if (pluginsDir == null) {
                throw new IllegalStateException("pluginsDir is required");
            }
            return new ReloadingRegistry(this);
        }

        private static Duration requireNotNegative(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + value);
            }
            return value;
        }
    }
}
