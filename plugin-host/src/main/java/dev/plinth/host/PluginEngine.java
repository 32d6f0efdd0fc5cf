package dev.plinth.host;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.file.PluginFolder;
import dev.plinth.api.PluginVars;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.host.HostFunction;
import dev.plinth.api.host.HostFunctionName;
import dev.plinth.api.host.RawHostFunction;
import dev.plinth.abi.UserFunctions;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.api.observe.CallListener;
import dev.plinth.api.unit.TextCap;
import dev.plinth.host.internal.cache.CompiledClassStore;
import dev.plinth.host.internal.cache.ForgedEntryAudit;
import dev.plinth.host.internal.engine.ModuleCompiler;
import dev.plinth.host.internal.pool.CallDeadlines;
import dev.plinth.host.internal.registry.CallListeners;
import dev.plinth.host.internal.registry.EventBus;
import dev.plinth.host.internal.registry.KvStoreHolder;
import dev.plinth.api.event.EmittedEventListener;
import dev.plinth.api.event.EventPublisher;
import dev.plinth.host.internal.registry.PluginDiscovery;
import dev.plinth.host.internal.registry.PluginLoader;
import dev.plinth.host.internal.registry.SignatureGate;
import dev.plinth.host.internal.registry.SourceFiles;
import dev.plinth.sandbox.fs.FileMount;
import dev.plinth.sandbox.net.HttpLimits;
import dev.plinth.security.audit.AuditLog;
import dev.plinth.security.policy.EffectiveGrants;
import dev.plinth.security.policy.GrantLimits;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.security.policy.SecurityPolicy;
import dev.plinth.security.signature.SignatureMode;
import dev.plinth.security.signature.SignatureVerifier;
import dev.plinth.security.signature.TrustedKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Loads plugin versions from disk and runs them: the part of Plinth that registries share. It
 * decides nothing about which version serves; {@link PluginHost} and the reloading registry do.
 */
public final class PluginEngine implements AutoCloseable {
    /** How many modules compile at once: enough that one slow compile does not queue the others. */
    private static final int COMPILE_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** How long a version's {@code plinth_shutdown} may run unless the builder says otherwise. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);
    private final PluginLoader loader;
    private final CallDeadlines deadlines;
    private final AuditLog auditLog;
    private final SignatureMode signatureMode;
    private final TrustedKeys trustedKeys;
    private final PluginLimits limits;
    private final KvStoreHolder kvStore;
    private final EventBus events;

    private PluginEngine(Builder builder) {
        Path kvFile = builder.kvFile != null ? builder.kvFile
                : builder.dataDirectory != null ? builder.dataDirectory.resolve(KvStoreHolder.DEFAULT_FILE) : null;
        this.kvStore = new KvStoreHolder(builder.kvStore, kvFile);
        this.events = new EventBus(builder.eventQueue, builder.eventListeners);
        this.deadlines = new CallDeadlines();
        this.auditLog = builder.auditLog != null ? builder.auditLog : new AuditLog();
        this.signatureMode = builder.signatureMode;
        this.trustedKeys = builder.trustedKeys;
        SignatureGate signatures = new SignatureGate(signatureMode, new SignatureVerifier(trustedKeys), auditLog);
        Optional<CompiledClassStore> compileCache = Optional.ofNullable(builder.compileCache)
                .flatMap(settings -> CompiledClassStore.open(settings, new ForgedEntryAudit(auditLog)));
        this.loader = new PluginLoader(new ModuleCompiler(builder.maxCachedModules, COMPILE_THREADS, compileCache),
                builder.mode, builder.limits,
                builder.effectivePolicy(), builder.hostFunctions, builder.configOverrides, deadlines,
                new CallListeners(builder.listeners), signatures, auditLog, builder.httpLimits, builder.fileMounts,
                builder.fuel, builder.loadTimeout, builder.allowSymlinksOutOfFolder, builder.shutdownTimeout,
                builder.dataDirectory, kvStore, events, builder.componentImports, builder.witPackages);
        this.limits = builder.limits;
    }

    /** Starts configuring an engine; every setting has a safe default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a plugin directory's {@code plugin.toml}, or makes the manifest of a bare {@code .wasm}.
     * The file is read like every plugin file (see {@link #folderOf}).
     *
     * @throws dev.plinth.api.error.InvalidManifestException when it cannot be read, is refused as a
     *     file, or breaks a rule
     */
    public PluginManifest readManifest(Path source) {
        return loader.readManifest(source);
    }

    /**
     * Where the files of {@code source} may be read from: the plugins folder holding it. Only
     * regular files are read, and symbolic links that lead out of that folder are refused unless
     * {@link Builder#allowSymlinksOutOfFolder} allows them.
     */
    public PluginFolder folderOf(Path source) {
        return loader.folderOf(source);
    }

    /**
     * The limits a version with this manifest would run under (the policy's grant and ceilings
     * applied to this engine's limits), e.g. its {@code max-module-size} before its files are read.
     */
    public PluginLimits limitsFor(PluginManifest manifest) {
        return loader.grants(manifest).limits().applyTo(limits);
    }

    /** This engine's own limits: the values of limits a plugin neither asks for nor is granted. */
    public PluginLimits limits() {
        return limits;
    }

    /**
     * Loads, checks and instantiates one version.
     *
     * @throws dev.plinth.api.error.PluginException with a stable code when anything is wrong
     */
    public PluginVersion load(Path source) {
        return loader.load(source);
    }

    /** Loads a version whose manifest was already read with {@link #readManifest}. */
    public PluginVersion load(Path source, PluginManifest manifest) {
        return loader.load(source, manifest);
    }

    /**
     * What this engine's policy would give a plugin with this manifest (without loading it): the
     * grants in effect and what was asked and not granted.
     */
    public EffectiveGrants grants(PluginManifest manifest) {
        return loader.grants(manifest);
    }

    /**
     * The source digest a version loaded from {@code source} now would have
     * ({@link PluginVersion#digest()}): hex SHA-256 over every file that makes a version
     * ({@link #sourceFiles}), each with its path and length, read as the loader reads them (a file
     * the reader refuses counts by why it was refused, and is not read). Two sources with the same
     * digest are the same version; hot reload loads nothing new for them.
     *
     * @throws dev.plinth.api.error.InvalidModuleException when the plugin folder cannot be listed
     */
    public String sourceDigest(Path source) {
        PluginFolder folder = folderOf(source);
        long maxModuleBytes;
        try {
            maxModuleBytes = limitsFor(PluginLoader.manifestOf(source, folder)).module().maxModuleBytes();
        } catch (PluginException e) {
            maxModuleBytes = limits.module().maxModuleBytes();
        }
        return PluginLoader.sourceDigest(source, maxModuleBytes, folder);
    }

    /**
     * The files of a plugin source that make up a version, in digest order: a bare {@code .wasm}
     * and its {@code .wasm.sig}, or a plugin folder's {@code plugin.toml} with its {@code .wasm}
     * and {@code .wasm.sig} files (those of sub-folders too). Nothing is opened. Empty when the
     * source is gone.
     *
     * @throws java.io.UncheckedIOException when the plugin folder cannot be listed
     */
    public static List<Path> sourceFiles(Path source) {
        return SourceFiles.of(source);
    }

    /** The plugin sources in a folder: sub-folders with a manifest or a module, and bare {@code .wasm} files. */
    public static List<Path> discover(Path pluginsDir) {
        return PluginDiscovery.sources(pluginsDir);
    }

    /** Whether one folder entry is a plugin source. */
    public static boolean isPluginSource(Path entry) {
        return PluginDiscovery.isPluginSource(entry);
    }

    /** The name a source goes by when its manifest cannot be read: its file name, tidied. */
    public static String fallbackName(Path source) {
        return PluginLoader.fallbackName(source);
    }

    /**
     * The vars of plugin {@code name}, which it reads and writes with {@code var_get} and
     * {@code var_set}: preset them before its first call, read what it kept after a call. They
     * belong to the plugin, not to one version or instance: every instance and every version this
     * engine loads of it shares them, so they survive calls, discarded instances and hot reloads
     * (Extism keeps vars per plugin instance and starts a new plugin with none). They are capped
     * at the plugin's {@code max-vars}, whoever writes them. The plugin need not be loaded yet.
     *
     * @throws IllegalArgumentException when {@code name} is not a valid plugin name
     */
    public PluginVars vars(String name) {
        Objects.requireNonNull(name, "name");
        if (!PluginManifest.NAME_PATTERN.matcher(name).matches()) {
            throw new IllegalArgumentException("\"" + TextCap.chars(name, 64)
                    + "\" is not a plugin name; use lowercase letters, digits and '-', starting with a letter");
        }
        return loader.vars(name);
    }

    /** Where refusals and limit hits of every version this engine loads are recorded. */
    public AuditLog auditLog() {
        return auditLog;
    }

    /** How strictly module signatures are enforced at load. */
    public SignatureMode signatureMode() {
        return signatureMode;
    }

    /** The keys whose signatures are accepted. */
    public TrustedKeys trustedKeys() {
        return trustedKeys;
    }

    /**
     * The store behind {@code plinth:host/kv}: the builder's, or the embedded one this engine opens
     * (opened now if no plugin has used it yet).
     */
    public dev.plinth.api.kv.KeyValueStore keyValueStore() {
        return kvStore.store();
    }

    /**
     * Publishes events from the application to the plugins that subscribe to their type
     * ({@code plinth_on_event}); see {@link EventPublisher}.
     */
    public EventPublisher events() {
        return events;
    }

    /**
     * Stops the deadline timer and the event thread, and closes the key-value store it opened. Close
     * every loaded version first.
     */
    @Override
    public void close() {
        deadlines.close();
        events.close();
        kvStore.close();
    }

    /**
     * Settings of a {@link PluginEngine}. Defaults: compiled execution, {@link PluginLimits#DEFAULTS},
     * {@link SecurityPolicy#STRICT} under this engine's limits (nothing granted), {@link HttpLimits#DEFAULTS}, no application host functions, no
     * config overrides, no listeners, signatures off, a new {@link AuditLog} of
     * {@value AuditLog#DEFAULT_CAPACITY} entries, no extra file mounts, no default fuel budget, no
     * symbolic links out of the plugins folder, no compile cache on disk.
     */
    public static final class Builder {
        private EngineMode mode = EngineMode.COMPILED;
        private PluginLimits limits = PluginLimits.DEFAULTS;
        private SecurityPolicy policy;
        private final Map<String, PluginGrant> extraGrants = new LinkedHashMap<>();
        private final Map<HostFunctionName, RawHostFunction> hostFunctions = new LinkedHashMap<>();
        private final Map<String, String> configOverrides = new LinkedHashMap<>();
        private final Map<String, HostInterface> componentImports = new LinkedHashMap<>();
        private final List<CallListener> listeners = new ArrayList<>();
        private int maxCachedModules = 64;
        private SignatureMode signatureMode = SignatureMode.OFF;
        private TrustedKeys trustedKeys = TrustedKeys.none();
        private AuditLog auditLog;
        private HttpLimits httpLimits = HttpLimits.DEFAULTS;
        private Function<PluginManifest, List<FileMount>> fileMounts = manifest -> List.of();
        private long fuel;
        private Duration loadTimeout;
        private boolean allowSymlinksOutOfFolder;
        private CompileCache compileCache;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private Path dataDirectory;
        private dev.plinth.api.kv.KeyValueStore kvStore;
        private Path kvFile;
        private int eventQueue = EventBus.DEFAULT_CAPACITY;
        private final List<EmittedEventListener> eventListeners = new ArrayList<>();
        private final List<Path> witPackages = new ArrayList<>();

        private Builder() {
        }

        /**
         * Receives the events plugins emit ({@code plinth:host/events}), on the engine's event
         * thread, in order. What it throws is logged.
         */
        public Builder eventListener(EmittedEventListener listener) {
            eventListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * How many events may wait for delivery, both ways together; past it, a plugin's emit is
         * refused (and audited) and {@code publish} returns false. Default {@value EventBus#DEFAULT_CAPACITY}.
         */
        public Builder eventQueue(int capacity) {
            if (capacity <= 0) {
                throw new IllegalArgumentException("the event queue must hold at least one event, was " + capacity);
            }
            this.eventQueue = capacity;
            return this;
        }

        /**
         * Where plugins granted a key-value store ({@code kv}, {@code plinth:host/kv}) keep their
         * entries, e.g. a {@link dev.plinth.host.kv.JdbcKeyValueStore} that replicas share. The
         * application closes it. Default: an embedded MVStore, in {@link #keyValueFile} if set,
         * else in {@code .plinth-kv.mv.db} under the {@link #dataDirectory} root if set, else in memory.
         */
        public Builder keyValueStore(dev.plinth.api.kv.KeyValueStore store) {
            this.kvStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The file of the embedded key-value store (H2 MVStore), opened when a plugin first needs it. */
        public Builder keyValueFile(Path file) {
            this.kvFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * The deadline of a version's {@code plinth_shutdown} export, called when the version is
         * closed (unloaded, replaced, the registry closed), its instance's borrowing included. A
         * shutdown that runs longer is stopped there (as a call at its deadline), logged and
         * audited, and the unload goes on. Default: {@link PluginEngine#DEFAULT_SHUTDOWN_TIMEOUT}.
         */
        public Builder shutdownTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the shutdown timeout must be positive, was " + timeout);
            }
            this.shutdownTimeout = timeout;
            return this;
        }

        /**
         * The directory under which each plugin granted a data directory ({@code data-dir} in the
         * policy and the manifest) gets one of its own, named after the plugin and kept across its
         * reloads, seen by the plugin at {@code /data}. Created when first needed. Default: none,
         * and a plugin granted a data directory fails to load with a message saying so.
         */
        public Builder dataDirectory(Path root) {
            this.dataDirectory = Objects.requireNonNull(root, "root");
            return this;
        }

        /**
         * Keeps compiled modules on disk, so that a restarted JVM loads a module it has compiled
         * before without compiling it again (see {@link CompileCache}). Off by default. A directory
         * or key file that cannot be used is a warning in the log and no disk cache, never a load
         * failure; so is any bad entry.
         */
        public Builder compileCache(CompileCache cache) {
            this.compileCache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /** The configured policy, or the strict default under this engine's limits, with the extra grants. */
        private SecurityPolicy effectivePolicy() {
            SecurityPolicy base = policy;
            if (base == null) {
                long fuelCeiling = Math.max(fuel, GrantLimits.CONSERVATIVE.fuel());
                base = SecurityPolicy.strictUnder(GrantLimits.fallbackFrom(limits, fuelCeiling));
            }
            for (Map.Entry<String, PluginGrant> extra : extraGrants.entrySet()) {
                base = base.withGrant(extra.getKey(), base.grantFor(extra.getKey()).plus(extra.getValue()));
            }
            return base;
        }

        /** Compiled (default) or interpreted execution. */
        public Builder engine(EngineMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * The host's limits: the values of limits a plugin neither asks for nor is granted (always
         * capped by the policy's ceilings), and the acquire timeout, kernel memory and log lines,
         * which policies do not set.
         */
        public Builder limits(PluginLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Timeout, response cap and redirect limit of the HTTP requests plugins make. */
        public Builder http(HttpLimits limits) {
            this.httpLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * The operator's security policy: what each plugin gets of what its manifest asks for.
         * Default: {@link SecurityPolicy#STRICT} with this engine's {@link #limits} (and
         * {@link #fuel}) as the ceilings: no files, no network, no application host functions
         * (offering one is not granting it; grant it in the policy), and a manifest may ask for
         * less than the engine's limits but not for more. A configured policy's own ceilings cap
         * every limit instead.
         */
        public Builder policy(SecurityPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Grants plugin {@code plugin} more, on top of what the policy (configured or default) gives
         * it: rules, host functions, clock and random are added; limit values replace the policy's
         * grant but stay under its ceilings. Repeated calls for one plugin add up.
         */
        public Builder grant(String plugin, PluginGrant grant) {
            Objects.requireNonNull(plugin, "plugin");
            Objects.requireNonNull(grant, "grant");
            extraGrants.merge(plugin, grant, PluginGrant::plus);
            return this;
        }

        /**
         * Offers an application function that takes and returns memory blocks, in its namespace
         * ({@code extism:host/user} unless it names another). Offering is not granting: a plugin
         * gets it only if it asks and the policy grants it ({@link #grant}), by
         * {@link HostFunctionName#key}.
         *
         * @throws IllegalArgumentException when its namespace or name is not valid, or a function is
         *     already offered there
         */
        public Builder hostFunction(HostFunction function) {
            return hostFunction(UserFunctions.blocks(Objects.requireNonNull(function, "function")));
        }

        /**
         * Offers an application function with its wasm signature, in its namespace; a plugin must
         * import it with exactly that signature. Offering is not granting, as for
         * {@link #hostFunction(HostFunction)}.
         *
         * @throws IllegalArgumentException when its namespace or name is not valid, its signature
         *     misses a type, or a function is already offered there
         */
        public Builder hostFunction(RawHostFunction function) {
            Objects.requireNonNull(function, "function");
            HostFunctionName name = UserFunctions.nameOf(function);
            if (hostFunctions.putIfAbsent(name, function) != null) {
                throw new IllegalArgumentException("host function \"" + name + "\" is offered twice");
            }
            return this;
        }

        /**
         * Offers an interface to component plugins that import it, by its full WIT name
         * ({@code my:app/lookup@1.0.0}). Offering is not granting: a plugin gets it only if its manifest asks
         * for it ({@code host-functions = ["my:app/lookup@1.0.0"]}) and the policy grants it, as for
         * {@link #hostFunction(HostFunction)}; else it is refused at load ({@code permission-denied}, audited).
         *
         * @throws IllegalArgumentException when the name is not an interface's full name or is offered twice
         */
        public Builder componentImports(String iface, HostInterface provider) {
            Objects.requireNonNull(iface, "iface");
            Objects.requireNonNull(provider, "provider");
            if (!iface.contains(":") || !iface.contains("/")) {
                throw new IllegalArgumentException("\"" + iface + "\" is not an interface's full WIT name, such as"
                        + " my:app/lookup@1.0.0");
            }
            if (componentImports.putIfAbsent(iface, provider) != null) {
                throw new IllegalArgumentException("interface \"" + iface + "\" is offered twice");
            }
            return this;
        }

        /** Adds a config value to every plugin, overriding the same key of its {@code [config]}. */
        public Builder configOverride(String key, String value) {
            configOverrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Tells {@code listener} about every call, for metrics or audit. */
        public Builder callListener(CallListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Meters every plugin with a deterministic instruction budget per call (a plugin's own
         * {@code permissions.fuel} takes precedence). 0, the default, meters only plugins whose
         * manifest asks for a budget. Metered modules are rewritten at load, so the same call with
         * the same input always consumes the same fuel, in either engine mode. In
         * {@link EngineMode#INTERPRETED} every module is metered anyway: without a budget, with one
         * derived from the deadline that only backs the deadline up (reported as {@code timeout}).
         */
        public Builder fuel(long perCall) {
            if (perCall < 0) {
                throw new IllegalArgumentException("fuel per call must not be negative, was " + perCall);
            }
            this.fuel = perCall;
            return this;
        }

        /**
         * The deadline of a version's initialization at load (its first instance's start section,
         * {@code _start} and {@code _initialize}) and of {@link PluginVersion#prewarm}. Default: each
         * version's own call timeout ({@code cpu-time}), the deadline that every instance the pool
         * makes on demand for a call is initialized under anyway; a longer one lets a plugin with a
         * slow initialization load, but its on-demand instances still get the call timeout.
         */
        public Builder loadTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the load timeout must be positive, was " + timeout);
            }
            this.loadTimeout = timeout;
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

        /**
         * Checks every module's detached signature ({@code <file>.wasm.sig}) against {@code keys} at
         * load: {@code OFF} (the default) reads none, {@code WARN} loads unverified modules with a
         * warning and an audit entry, {@code REQUIRE} refuses them with {@code signature}.
         *
         * @throws IllegalArgumentException for {@code REQUIRE} without a trusted key, which would refuse every plugin
         */
        public Builder signatures(SignatureMode mode, TrustedKeys keys) {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(keys, "keys");
            if (mode == SignatureMode.REQUIRE && keys.isEmpty()) {
                throw new IllegalArgumentException("signatures: require needs at least one trusted key;"
                        + " without one every plugin would be refused");
            }
            this.signatureMode = mode;
            this.trustedKeys = keys;
            return this;
        }

        /** Records refusals and limit hits in {@code log} (to share one log between engines, or size it). */
        public Builder auditLog(AuditLog log) {
            this.auditLog = Objects.requireNonNull(log, "log");
            return this;
        }

        /**
         * The host directories each plugin may reach through WASI: its effective file grants
         * (what the operator grants of what the manifest asks, minus deny rules). Default: none,
         * so a plugin sees no files at all. The manifest's own {@code [permissions.deny] fs}
         * rules are always added as deny rules. A mount is seen by the guest at its host path.
         */
        public Builder fileMounts(Function<PluginManifest, List<FileMount>> mounts) {
            this.fileMounts = Objects.requireNonNull(mounts, "mounts");
            return this;
        }

        /**
         * Whether a plugin's files (its folder, manifest, module, signature) may be symbolic links
         * that lead out of the plugins folder. Default: false, so a plugins folder cannot make the
         * host read a file elsewhere; links that stay inside the folder (as Kubernetes ConfigMap
         * volumes make them) always work. Whatever this says, only regular files are read.
         */
        public Builder allowSymlinksOutOfFolder(boolean allow) {
            this.allowSymlinksOutOfFolder = allow;
            return this;
        }

        /**
         * WIT packages the host provides, where a component plugin's {@code [plugin] world} is looked up when its
         * manifest brings no {@code wit} of its own: each path a package directory (its {@code .wit} files, with
         * {@code deps/}), one {@code .wit} file, or a directory of such packages. The package is found by namespace
         * and name, and its version must satisfy the world's by Cargo's caret rule. Parsed at the first plugin that
         * names a world.
         */
        public Builder witPackages(Path... paths) {
            for (Path path : paths) {
                witPackages.add(java.util.Objects.requireNonNull(path, "path"));
            }
            return this;
        }

        public PluginEngine build() {
            return new PluginEngine(this);
        }
    }
}
