package dev.plinth.spring.lifecycle;

import dev.plinth.api.CallRequest;
import dev.plinth.api.CallResult;
import dev.plinth.api.PluginRegistry;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.deploy.CanaryState;
import dev.plinth.api.deploy.PluginDeployments;
import dev.plinth.api.deploy.PluginEventListener;
import dev.plinth.api.error.PluginBusyException;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.component.type.FuncType;
import dev.plinth.component.value.Value;
import dev.plinth.host.ComponentCalls;
import dev.plinth.host.PluginHost;
import dev.plinth.host.PluginVersion;
import dev.plinth.reload.ReloadingRegistry;
import java.util.Map;
import dev.plinth.spring.ActivePlugins;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The registry the application sees: it passes everything to the reloading registry behind it,
 * and counts the calls in flight so that shutdown can refuse new calls, let the running ones
 * finish, and only then close the pools and the watcher ({@link PluginRegistryLifecycle}).
 */
public final class GatedPluginRegistry implements PluginRegistry, PluginDeployments, ActivePlugins {
    private final PluginRegistry registry;
    private final PluginDeployments deployments;
    private final ActivePlugins activePlugins;
    private final PluginCallObserver observer;
    private final InFlightCalls inFlight = new InFlightCalls();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean accepting = true;

    /**
     * @param registry where calls and loads go
     * @param deployments where operator actions go (usually the same object as {@code registry})
     * @param activePlugins finds serving and canary versions
     */
    public GatedPluginRegistry(PluginRegistry registry, PluginDeployments deployments, ActivePlugins activePlugins) {
        this(registry, deployments, activePlugins, PluginCallObserver.NONE);
    }

    /** @param observer wraps every call taken (in a Micrometer Observation, for example) */
    public GatedPluginRegistry(PluginRegistry registry, PluginDeployments deployments, ActivePlugins activePlugins,
            PluginCallObserver observer) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.deployments = Objects.requireNonNull(deployments, "deployments");
        this.activePlugins = Objects.requireNonNull(activePlugins, "activePlugins");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    @Override
    public CallResult call(CallRequest request) {
        if (!accepting) {
            throw shuttingDown(request.plugin());
        }
        inFlight.enter();
        try {
            if (!accepting) {
                throw shuttingDown(request.plugin());
            }
            return observer.observe(request, registry::call);
        } finally {
            inFlight.leave();
        }
    }

    /**
     * The typed calls of plugin {@code name}, a WebAssembly component, gated like byte calls: routed as the
     * registry behind routes them (through the canary, by {@code routingKey} when given), else to the serving
     * version.
     */
    public ComponentCalls component(String name, Optional<String> routingKey) {
        ComponentCalls inner = componentOf(registry, activePlugins, name, routingKey);
        return new ComponentCalls() {
            @Override
            public Map<String, FuncType> functions() {
                return inner.functions();
            }

            @Override
            public List<Value> call(String function, List<Value> args) {
                if (!accepting) {
                    throw shuttingDown(name);
                }
                inFlight.enter();
                try {
                    if (!accepting) {
                        throw shuttingDown(name);
                    }
                    return inner.call(function, args);
                } finally {
                    inFlight.leave();
                }
            }
        };
    }

    /** The typed calls of {@code name} from whatever registry this is: a reloading one, a host, or its serving version. */
    public static ComponentCalls componentOf(PluginRegistry registry, ActivePlugins activePlugins, String name,
            Optional<String> routingKey) {
        if (registry instanceof GatedPluginRegistry gated) {
            return gated.component(name, routingKey);
        }
        if (registry instanceof ReloadingRegistry reloading) {
            return routingKey.map(key -> reloading.component(name, key)).orElseGet(() -> reloading.component(name));
        }
        if (registry instanceof PluginHost host) {
            return host.component(name);
        }
        return new ComponentCalls() {
            private ComponentCalls serving() {
                return activePlugins.active(name).flatMap(PluginVersion::component).orElseThrow(() ->
                        new PluginNotFoundException("plugin " + name + " has no component version serving"));
            }

            @Override
            public Map<String, FuncType> functions() {
                return serving().functions();
            }

            @Override
            public List<Value> call(String function, List<Value> args) {
                return serving().call(function, args);
            }
        };
    }

    private static PluginBusyException shuttingDown(String plugin) {
        return new PluginBusyException("plugin " + plugin + " takes no new calls: the application is shutting down");
    }

    /** Whether new calls are taken. */
    public boolean isAccepting() {
        return accepting;
    }

    /** The number of calls running now. */
    public int callsInFlight() {
        return inFlight.count();
    }

    /** Refuses every later call with a busy error; calls already running go on. */
    void stopAccepting() {
        accepting = false;
    }

    /**
     * Waits until no call is running, at most {@code timeout}.
     *
     * @return whether every call finished in time
     */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        return inFlight.awaitZero(timeout);
    }

    @Override
    public Optional<PluginVersion> active(String plugin) {
        return activePlugins.active(plugin);
    }

    @Override
    public Optional<PluginVersion> canaryVersion(String plugin) {
        return activePlugins.canaryVersion(plugin);
    }

    @Override
    public List<VersionInfo> loadAll(Path pluginsDir) {
        return registry.loadAll(pluginsDir);
    }

    @Override
    public VersionInfo load(Path source) {
        return registry.load(source);
    }

    @Override
    public List<VersionInfo> list() {
        return registry.list();
    }

    @Override
    public Optional<VersionInfo> find(String name) {
        return registry.find(name);
    }

    @Override
    public boolean unload(String name) {
        return registry.unload(name);
    }

    @Override
    public List<VersionInfo> history(String plugin) {
        return deployments.history(plugin);
    }

    @Override
    public Optional<CanaryState> canary(String plugin) {
        return deployments.canary(plugin);
    }

    @Override
    public List<dev.plinth.api.deploy.RetryState> retries() {
        return deployments.retries();
    }

    @Override
    public void reload(String plugin) {
        deployments.reload(plugin);
    }

    @Override
    public void setCanaryWeight(String plugin, int weight) {
        deployments.setCanaryWeight(plugin, weight);
    }

    @Override
    public void stageCanary(String plugin, String version, int weight) {
        deployments.stageCanary(plugin, version, weight);
    }

    @Override
    public void promote(String plugin) {
        deployments.promote(plugin);
    }

    @Override
    public void abort(String plugin) {
        deployments.abort(plugin);
    }

    @Override
    public void rollback(String plugin) {
        deployments.rollback(plugin);
    }

    @Override
    public void addListener(PluginEventListener listener) {
        deployments.addListener(listener);
    }

    @Override
    public void removeListener(PluginEventListener listener) {
        deployments.removeListener(listener);
    }

    /** Refuses new calls and closes the registry behind it (once); running calls finish on their instances. */
    @Override
    public void close() {
        stopAccepting();
        if (closed.compareAndSet(false, true)) {
            registry.close();
        }
    }
}
