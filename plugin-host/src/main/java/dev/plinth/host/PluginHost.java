package dev.plinth.host;

import dev.plinth.api.CallRequest;
import dev.plinth.api.CallResult;
import dev.plinth.api.PluginError;
import dev.plinth.api.PluginRegistry;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.InvalidManifestException;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.api.PluginVars;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.component.type.FuncType;
import dev.plinth.component.value.Value;
import dev.plinth.config.KeySuggestion;
import dev.plinth.host.internal.engine.FailureTranslator;
import dev.plinth.security.audit.AuditLog;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * try (PluginHost host = PluginHost.on(PluginEngine.builder().fuel(10_000_000).build())) {
 *     host.loadAll(Path.of("plugins"));
 *     byte[] out = host.call("text-transformer", "transform", "hello".getBytes(UTF_8));
 * }
 * }</pre>
 */
public final class PluginHost implements PluginRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    private final PluginEngine engine;
    private final Map<String, PluginVersion> serving = new ConcurrentHashMap<>();
    private final Map<Path, VersionInfo> failed = new ConcurrentHashMap<>();
    private final Object loadLock = new Object();

    private PluginHost(PluginEngine engine) {
        this.engine = engine;
    }

    /**
     * A registry over {@code engine}, which it then owns: closing the host closes the engine. Every
     * setting (limits, policy, host functions, fuel, signatures, ...) is the engine's.
     */
    public static PluginHost on(PluginEngine engine) {
        return new PluginHost(Objects.requireNonNull(engine, "engine"));
    }

    /** A registry over an engine with every setting at its safe default. */
    public static PluginHost withDefaults() {
        return on(PluginEngine.builder().build());
    }

    @Override
    public List<VersionInfo> loadAll(Path pluginsDir) {
        if (!Files.isDirectory(pluginsDir)) {
            LOG.warn("plugins folder {} does not exist; no plugins loaded", pluginsDir.toAbsolutePath());
            return List.of();
        }
        return PluginEngine.discover(pluginsDir).stream().map(this::load).toList();
    }

    @Override
    public VersionInfo load(Path source) {
        Path where = source.toAbsolutePath().normalize();
        long started = System.nanoTime();
        PluginManifest manifest;
        try {
            manifest = engine.readManifest(where);
        } catch (PluginException e) {
            return fail(where, PluginEngine.fallbackName(where), "unknown", e);
        }
        PluginVersion loaded;
        try {
            loaded = engine.load(where, manifest);
        } catch (PluginException e) {
            return fail(where, manifest.name(), manifest.version().toString(), e);
        }
        synchronized (loadLock) {
            PluginVersion current = serving.get(loaded.name());
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
                loaded.versionId(), where, (System.nanoTime() - started) / 1_000_000, loaded.sha256().substring(0, 12),
                loaded.signatureState(), loaded.exports());
        return loaded.info(PluginStatus.ACTIVE);
    }

    private VersionInfo fail(Path source, String name, String version, PluginException e) {
        String digest;
        try {
            digest = engine.sourceDigest(source);
        } catch (PluginException unreadable) {
            digest = "";
        }
        VersionInfo info = VersionInfo.failed(name, version, source, "", digest, PluginError.of(e));
        LOG.warn("plugin {} {} from {} failed to load: [{}] {}", name, info.versionId(), source, e.code(),
                e.getMessage());
        failed.put(source, info);
        return info;
    }

    @Override
    public List<VersionInfo> list() {
        List<VersionInfo> all = new ArrayList<>();
        serving.values().forEach(v -> all.add(v.info(PluginStatus.ACTIVE)));
        all.addAll(failed.values());
        all.sort(Comparator.comparing(VersionInfo::name).thenComparing(VersionInfo::status));
        return all;
    }

    @Override
    public Optional<VersionInfo> find(String name) {
        PluginVersion loaded = serving.get(name);
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

    /** The serving version of a plugin, for callers that need more than {@link VersionInfo}. */
    public Optional<PluginVersion> loaded(String name) {
        return Optional.ofNullable(serving.get(name));
    }

    /**
     * Runs one call on the serving version. The host's heap running out anywhere on the way, in
     * the call or while its failure is recorded, is a typed {@code memory-limit} too.
     */
    @Override
    public CallResult call(CallRequest request) {
        Objects.requireNonNull(request, "request");
        PluginVersion loaded = serving.get(request.plugin());
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

    /**
     * The typed calls of plugin {@code name}, a WebAssembly component: each call goes to the version serving
     * when it is made (so the view follows reloads), with the same limits, audit and statistics as byte calls.
     * A call when the plugin is not serving, or is a core module, is a {@code not-found}.
     */
    public ComponentCalls component(String name) {
        Objects.requireNonNull(name, "name");
        return new ComponentCalls() {
            @Override
            public Map<String, FuncType> functions() {
                return serving(name).functions();
            }

            @Override
            public List<Value> call(String function, List<Value> args) {
                try {
                    return serving(name).call(function, args);
                } catch (OutOfMemoryError e) {
                    throw FailureTranslator.hostHeapExhausted(name, function, e);
                }
            }
        };
    }

    private ComponentCalls serving(String name) {
        PluginVersion loaded = serving.get(name);
        if (loaded == null) {
            throw notServing(name);
        }
        return loaded.component().orElseThrow(() -> new PluginNotFoundException("plugin " + name + " "
                + loaded.version() + " is a core module (Extism ABI), not a component: call it with bytes"));
    }

    private PluginNotFoundException notServing(String name) {
        Optional<VersionInfo> broken = failed.values().stream().filter(i -> i.name().equals(name)).findFirst();
        if (broken.isPresent()) {
            PluginError error = broken.get().lastError().orElseThrow();
            return new PluginNotFoundException("plugin " + name + " is not serving: it failed to load [" + error.code()
                    + "] " + error.message());
        }
        String meant = KeySuggestion.suggest(name, serving.keySet());
        return new PluginNotFoundException("no plugin named \"" + name + "\""
                + (meant == null ? "" : "; did you mean \"" + meant + "\"?")
                + "; serving: " + (serving.isEmpty() ? "none" : String.join(", ", new TreeSet<>(serving.keySet()))));
    }

    /**
     * Publishes events from the application to the plugins that subscribe to their type (their
     * {@code plinth_on_event} export), asynchronously and bounded.
     */
    public dev.plinth.api.event.EventPublisher events() {
        return engine.events();
    }

    @Override
    public boolean unload(String name) {
        boolean known = failed.values().removeIf(i -> i.name().equals(name));
        PluginVersion loaded;
        synchronized (loadLock) {
            loaded = serving.remove(name);
        }
        if (loaded != null) {
            loaded.close();
            LOG.info("unloaded plugin {} {}", name, loaded.versionId());
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
}
