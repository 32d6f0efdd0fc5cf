package dev.plinth.host;

import dev.plinth.api.CallRequest;
import dev.plinth.api.CallResult;
import dev.plinth.api.PluginError;
import dev.plinth.api.PluginInfo;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginRegistry;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.api.host.HostFunction;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.host.internal.engine.ModuleCompiler;
import dev.plinth.host.internal.pool.CallDeadlines;
import dev.plinth.host.internal.registry.PluginDiscovery;
import dev.plinth.host.internal.registry.PluginLoader;
import dev.plinth.host.internal.registry.PluginVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plinth's engine behind the {@link PluginRegistry} contract: loads plugins from disk, runs them on
 * Chicory through the Extism ABI, and keeps a broken plugin from affecting the others.
 *
 * <pre>{@code
 * try (PluginHost host = PluginHost.builder().build()) {
 *     host.loadAll(Path.of("plugins"));
 *     byte[] out = host.call("text-transformer", "transform", "hello".getBytes(UTF_8));
 * }
 * }</pre>
 */
public final class PluginHost implements PluginRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    private final PluginLoader loader;
    private final CallDeadlines deadlines;
    private final Map<String, PluginVersion> serving = new ConcurrentHashMap<>();
    private final Map<Path, PluginInfo> failed = new ConcurrentHashMap<>();
    private final Object loadLock = new Object();

    private PluginHost(Builder builder) {
        this.deadlines = new CallDeadlines();
        this.loader = new PluginLoader(new ModuleCompiler(builder.maxCachedModules), builder.mode, builder.limits,
                builder.hostFunctions, builder.configOverrides, deadlines);
    }

    /** Starts configuring a host; every setting has a safe default. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<PluginInfo> loadAll(Path pluginsDir) {
        if (!Files.isDirectory(pluginsDir)) {
            LOG.warn("plugins folder {} does not exist; no plugins loaded", pluginsDir.toAbsolutePath());
            return List.of();
        }
        return PluginDiscovery.sources(pluginsDir).stream().map(this::load).toList();
    }

    @Override
    public PluginInfo load(Path source) {
        Path where = source.toAbsolutePath().normalize();
        long started = System.nanoTime();
        PluginManifest manifest;
        try {
            manifest = PluginLoader.manifestOf(where);
        } catch (PluginException e) {
            return fail(where, PluginLoader.fallbackName(where), "unknown", e);
        }
        PluginVersion version;
        try {
            version = loader.load(where, manifest);
        } catch (PluginException e) {
            return fail(where, manifest.name(), manifest.version().toString(), e);
        }
        synchronized (loadLock) {
            PluginVersion current = serving.get(version.name());
            if (current != null && !current.source().equals(where)) {
                version.close();
                return fail(where, manifest.name(), manifest.version().toString(),
                        new dev.plinth.api.error.InvalidManifestException(where.resolve(PluginLoader.MANIFEST).toString(),
                                "plugin.name", "duplicate plugin name \"" + manifest.name() + "\": already loaded from "
                                + current.source()));
            }
            serving.put(version.name(), version);
            failed.remove(where);
            if (current != null) {
                current.close();
            }
        }
        PluginInfo info = version.info(PluginStatus.ACTIVE);
        LOG.info("loaded plugin {} {} from {} in {} ms (sha256 {}, exports {})", info.name(), info.version(), where,
                (System.nanoTime() - started) / 1_000_000, info.sha256().substring(0, 12), info.exports());
        return info;
    }

    private PluginInfo fail(Path source, String name, String version, PluginException e) {
        LOG.warn("plugin {} from {} failed to load: [{}] {}", name, source, e.code(), e.getMessage());
        PluginInfo info = new PluginInfo(name, version, PluginStatus.FAILED, "", List.of(), source, Instant.now(),
                Optional.of(PluginError.of(e)));
        failed.put(source, info);
        return info;
    }

    @Override
    public List<PluginInfo> list() {
        List<PluginInfo> all = new ArrayList<>();
        serving.values().forEach(v -> all.add(v.info(PluginStatus.ACTIVE)));
        all.addAll(failed.values());
        all.sort(Comparator.comparing(PluginInfo::name).thenComparing(PluginInfo::status));
        return all;
    }

    @Override
    public Optional<PluginInfo> find(String name) {
        PluginVersion version = serving.get(name);
        if (version != null) {
            return Optional.of(version.info(PluginStatus.ACTIVE));
        }
        return failed.values().stream().filter(i -> i.name().equals(name)).findFirst();
    }

    @Override
    public CallResult call(CallRequest request) {
        Objects.requireNonNull(request, "request");
        PluginVersion version = serving.get(request.plugin());
        if (version == null) {
            throw notServing(request.plugin());
        }
        return version.call(request.function(), request.input());
    }

    private PluginNotFoundException notServing(String name) {
        Optional<PluginInfo> broken = failed.values().stream().filter(i -> i.name().equals(name)).findFirst();
        if (broken.isPresent()) {
            PluginError error = broken.get().lastError().orElseThrow();
            return new PluginNotFoundException("plugin " + name + " is not serving: it failed to load [" + error.code()
                    + "] " + error.message());
        }
        return new PluginNotFoundException("no plugin named \"" + name + "\"; serving: "
                + (serving.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(serving.keySet()))));
    }

    @Override
    public boolean unload(String name) {
        boolean known = failed.values().removeIf(i -> i.name().equals(name));
        PluginVersion version;
        synchronized (loadLock) {
            version = serving.remove(name);
        }
        if (version != null) {
            version.close();
            LOG.info("unloaded plugin {} {}", name, version.version());
        }
        return known || version != null;
    }

    @Override
    public void close() {
        for (String name : List.copyOf(serving.keySet())) {
            unload(name);
        }
        failed.clear();
        deadlines.close();
    }

    /**
     * Settings of a {@link PluginHost}. Defaults: compiled engine, {@link PluginLimits#DEFAULTS}, no
     * application host functions, no config overrides.
     */
    public static final class Builder {
        private EngineMode mode = EngineMode.COMPILED;
        private PluginLimits limits = PluginLimits.DEFAULTS;
        private final Map<String, HostFunction> hostFunctions = new LinkedHashMap<>();
        private final Map<String, String> configOverrides = new LinkedHashMap<>();
        private int maxCachedModules = 64;

        private Builder() {
        }

        /** Compiled (default) or interpreted execution. */
        public Builder engine(EngineMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Limits for plugins whose manifests ask for nothing else. */
        public Builder limits(PluginLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Offers an application function under {@code extism:host/user} to plugins that ask for it. */
        public Builder hostFunction(HostFunction function) {
            Objects.requireNonNull(function, "function");
            if (hostFunctions.putIfAbsent(function.name(), function) != null) {
                throw new IllegalArgumentException("host function \"" + function.name() + "\" is offered twice");
            }
            return this;
        }

        /** Adds config values to every plugin, overriding the same keys of its {@code [config]}. */
        public Builder configOverride(String key, String value) {
            configOverrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** How many compiled modules to keep for reuse by later loads of the same bytes. */
        public Builder maxCachedModules(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("maxCachedModules must be at least 1, was " + count);
            }
            this.maxCachedModules = count;
            return this;
        }

        public PluginHost build() {
            return new PluginHost(this);
        }
    }
}
