package dev.plinth.host;

import dev.plinth.api.CallRequest;
import dev.plinth.api.CallResult;
import dev.plinth.api.PluginError;
import dev.plinth.api.PluginInfo;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginRegistry;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.PluginVars;
import dev.plinth.api.error.InvalidManifestException;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.api.host.HostFunction;
import dev.plinth.api.host.RawHostFunction;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.api.observe.CallListener;
import dev.plinth.host.internal.engine.FailureTranslator;
import dev.plinth.sandbox.net.HttpLimits;
import dev.plinth.security.audit.AuditLog;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.security.policy.SecurityPolicy;
import dev.plinth.security.signature.SignatureMode;
import dev.plinth.security.signature.TrustedKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plain registry: one serving version per plugin, loaded from disk on request, with a broken
 * plugin listed as failed while every other keeps serving. (The reloading registry in
 * {@code hot-reload} adds file watching, version history and canaries on the same engine.)
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

    private final PluginEngine engine;
    private final Map<String, LoadedPlugin> serving = new ConcurrentHashMap<>();
    private final Map<Path, PluginInfo> failed = new ConcurrentHashMap<>();
    private final Object loadLock = new Object();

    private PluginHost(PluginEngine engine) {
        this.engine = engine;
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
        return PluginEngine.discover(pluginsDir).stream().map(this::load).toList();
    }

    @Override
    public PluginInfo load(Path source) {
        Path where = source.toAbsolutePath().normalize();
        long started = System.nanoTime();
        PluginManifest manifest;
        try {
            manifest = engine.readManifest(where);
        } catch (PluginException e) {
            return fail(where, PluginEngine.fallbackName(where), "unknown", e);
        }
        LoadedPlugin loaded;
        try {
            loaded = engine.load(where, manifest);
        } catch (PluginException e) {
            return fail(where, manifest.name(), manifest.version().toString(), e);
        }
        synchronized (loadLock) {
            LoadedPlugin current = serving.get(loaded.name());
            if (current != null && !current.source().equals(where)) {
                loaded.close();
                return fail(where, manifest.name(), manifest.version().toString(),
                        new InvalidManifestException(where.resolve("plugin.toml").toString(), "plugin.name",
                                "duplicate plugin name \"" + manifest.name() + "\": already loaded from "
                                        + current.source()));
            }
            serving.put(loaded.name(), loaded);
            failed.remove(where);
            if (current != null) {
                current.close();
            }
        }
        LOG.info("loaded plugin {} {} from {} in {} ms (sha256 {}, signature {}, exports {})", loaded.name(),
                loaded.version(), where, (System.nanoTime() - started) / 1_000_000, loaded.sha256().substring(0, 12),
                loaded.signatureState(), loaded.exports());
        return loaded.info(PluginStatus.ACTIVE);
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
        LoadedPlugin loaded = serving.get(name);
        if (loaded != null) {
            return Optional.of(loaded.info(PluginStatus.ACTIVE));
        }
        return failed.values().stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** The vars of plugin {@code name}, loaded or not; see {@link PluginEngine#vars}. */
    public PluginVars vars(String name) {
        return engine.vars(name);
    }

    /** Where refusals and limit hits of this host's plugins are recorded. */
    public AuditLog auditLog() {
        return engine.auditLog();
    }

    /** The serving version of a plugin, for callers that need more than {@link PluginInfo}. */
    public Optional<LoadedPlugin> loaded(String name) {
        return Optional.ofNullable(serving.get(name));
    }

    /**
     * Runs one call on the serving version. The host's heap running out anywhere on the way, in
     * the call or while its failure is recorded, is a typed {@code memory-limit} too.
     */
    @Override
    public CallResult call(CallRequest request) {
        Objects.requireNonNull(request, "request");
        LoadedPlugin loaded = serving.get(request.plugin());
        if (loaded == null) {
            throw notServing(request.plugin());
        }
        try {
            return loaded.call(request.function(), request.input());
        } catch (OutOfMemoryError e) {
            throw FailureTranslator.hostHeapExhausted(request.plugin(), request.function(), e);
        }
    }

    /**
     * {@link PluginRegistry#call(String, String, byte[])}, with the host's heap running out while
     * the request is made also a typed {@code memory-limit}, as inside the call.
     */
    @Override
    public byte[] call(String plugin, String function, byte[] input) {
        try {
            return call(CallRequest.of(plugin, function, input)).output();
        } catch (OutOfMemoryError e) {
            throw FailureTranslator.hostHeapExhausted(plugin, function, e);
        }
    }

    private PluginNotFoundException notServing(String name) {
        Optional<PluginInfo> broken = failed.values().stream().filter(i -> i.name().equals(name)).findFirst();
        if (broken.isPresent()) {
            PluginError error = broken.get().lastError().orElseThrow();
            return new PluginNotFoundException("plugin " + name + " is not serving: it failed to load [" + error.code()
                    + "] " + error.message());
        }
        return new PluginNotFoundException("no plugin named \"" + name + "\"; serving: "
                + (serving.isEmpty() ? "none" : String.join(", ", new TreeSet<>(serving.keySet()))));
    }

    @Override
    public boolean unload(String name) {
        boolean known = failed.values().removeIf(i -> i.name().equals(name));
        LoadedPlugin loaded;
        synchronized (loadLock) {
            loaded = serving.remove(name);
        }
        if (loaded != null) {
            loaded.close();
            LOG.info("unloaded plugin {} {}", name, loaded.version());
        }
        return known || loaded != null;
    }

    @Override
    public void close() {
        for (String name : List.copyOf(serving.keySet())) {
            unload(name);
        }
        failed.clear();
        engine.close();
    }

    /** Settings of a {@link PluginHost}: those of its {@link PluginEngine}. */
    public static final class Builder {
        private final PluginEngine.Builder engine = PluginEngine.builder();

        private Builder() {
        }

        /** Compiled (default) or interpreted execution. */
        public Builder engine(EngineMode mode) {
            engine.engine(mode);
            return this;
        }

        /** The host's limits; see {@link PluginEngine.Builder#limits}. */
        public Builder limits(PluginLimits limits) {
            engine.limits(limits);
            return this;
        }

        /** Timeout, response cap and redirect limit of the HTTP requests plugins make. */
        public Builder http(HttpLimits limits) {
            engine.http(limits);
            return this;
        }

        /** More for one plugin on top of the policy; see {@link PluginEngine.Builder#grant}. */
        public Builder grant(String plugin, PluginGrant grant) {
            engine.grant(plugin, grant);
            return this;
        }

        /** The operator's security policy; see {@link PluginEngine.Builder#policy}. */
        public Builder policy(SecurityPolicy policy) {
            engine.policy(policy);
            return this;
        }

        /** Offers a memory-block host function; see {@link PluginEngine.Builder#hostFunction(HostFunction)}. */
        public Builder hostFunction(HostFunction function) {
            engine.hostFunction(function);
            return this;
        }

        /** Offers a host function with its wasm signature; see {@link PluginEngine.Builder#hostFunction(RawHostFunction)}. */
        public Builder hostFunction(RawHostFunction function) {
            engine.hostFunction(function);
            return this;
        }

        /** Adds a config value to every plugin, overriding the same key of its {@code [config]}. */
        public Builder configOverride(String key, String value) {
            engine.configOverride(key, value);
            return this;
        }

        /** Tells {@code listener} about every call, for metrics or audit. */
        public Builder callListener(CallListener listener) {
            engine.callListener(listener);
            return this;
        }

        /** Meters every plugin with this fuel budget per call; see {@link PluginEngine.Builder#fuel}. */
        public Builder fuel(long perCall) {
            engine.fuel(perCall);
            return this;
        }

        /** The deadline of initialization at load; see {@link PluginEngine.Builder#loadTimeout}. */
        public Builder loadTimeout(java.time.Duration timeout) {
            engine.loadTimeout(timeout);
            return this;
        }

        /** Checks module signatures at load; see {@link PluginEngine.Builder#signatures}. Default: off. */
        public Builder signatures(SignatureMode mode, TrustedKeys keys) {
            engine.signatures(mode, keys);
            return this;
        }

        /** Records refusals and limit hits in {@code log}. Default: a new log of 1,000 entries. */
        public Builder auditLog(AuditLog log) {
            engine.auditLog(log);
            return this;
        }

        /** The host directories each plugin may reach; see {@link PluginEngine.Builder#fileMounts}. */
        public Builder fileMounts(java.util.function.Function<PluginManifest, List<dev.plinth.sandbox.fs.FileMount>> mounts) {
            engine.fileMounts(mounts);
            return this;
        }

        /**
         * Whether plugin files may be symbolic links out of the plugins folder; see
         * {@link PluginEngine.Builder#allowSymlinksOutOfFolder}. Default: false.
         */
        public Builder allowSymlinksOutOfFolder(boolean allow) {
            engine.allowSymlinksOutOfFolder(allow);
            return this;
        }

        public PluginHost build() {
            return new PluginHost(engine.build());
        }
    }
}
