package dev.plinth.host.internal.registry;

import dev.plinth.abi.KernelHeader;
import dev.plinth.abi.EventAccess;
import dev.plinth.abi.EventFunctions;
import dev.plinth.abi.KvAccess;
import dev.plinth.abi.VarStore;
import dev.plinth.abi.WasiAccess;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.WriteQuota;
import dev.plinth.api.error.IncompatiblePluginException;
import dev.plinth.api.error.InvalidManifestException;
import dev.plinth.api.error.InvalidModuleException;
import dev.plinth.api.error.MemoryLimitException;
import dev.plinth.api.error.PermissionDeniedException;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.file.PluginFileException;
import dev.plinth.api.file.PluginFileReader;
import dev.plinth.api.file.PluginFolder;
import dev.plinth.api.file.SizeCap;
import dev.plinth.api.host.HostFunctionName;
import dev.plinth.api.host.RawHostFunction;
import dev.plinth.api.manifest.FsPermission;
import dev.plinth.api.manifest.HostApi;
import dev.plinth.api.manifest.NetPermission;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.api.unit.DataSize;
import dev.plinth.api.unit.Quoting;
import dev.plinth.component.ComponentHeader;
import dev.plinth.host.internal.component.ComponentHost;
import dev.plinth.host.internal.component.ComponentImportCheck;
import dev.plinth.host.internal.component.PlinthServices;
import dev.plinth.config.ManifestReader;
import dev.plinth.host.EngineMode;
import dev.plinth.host.PluginVersion;
import dev.plinth.host.internal.engine.CompiledModule;
import dev.plinth.host.internal.engine.Containment;
import dev.plinth.host.internal.engine.FailureTranslator;
import dev.plinth.host.internal.engine.InterpreterFallbackNeeded;
import dev.plinth.host.internal.engine.ModuleCompiler;
import dev.plinth.host.internal.pool.CallDeadlines;
import dev.plinth.host.internal.pool.FuelBudget;
import dev.plinth.host.internal.pool.InstanceCreationException;
import dev.plinth.host.internal.pool.InstanceFactory;
import dev.plinth.host.internal.pool.InstancePool;
import dev.plinth.host.internal.pool.LinkedModule;
import dev.plinth.host.internal.pool.PluginInstance;
import dev.plinth.sandbox.fs.FileMount;
import dev.plinth.sandbox.fs.FileSandbox;
import dev.plinth.sandbox.fs.QuotaDirectory;
import dev.plinth.sandbox.net.HttpGateway;
import dev.plinth.sandbox.net.HttpLimits;
import dev.plinth.sandbox.net.NetworkPolicy;
import dev.plinth.security.audit.AuditLog;
import dev.plinth.security.policy.EffectiveGrants;
import dev.plinth.security.policy.GrantLimits;
import dev.plinth.security.policy.Grants;
import dev.plinth.security.policy.Limit;
import dev.plinth.security.policy.SecurityPolicy;
import dev.plinth.security.signature.SignatureCheck;
import dev.plinth.wasm.fuel.FuelMeter;
import dev.plinth.wasm.fuel.MeteredModule;
import dev.plinth.wasm.fuel.MeteringException;
import dev.plinth.wasm.kernel.InlinedKernel;
import dev.plinth.wasm.kernel.KernelInliner;
import dev.plinth.wasm.kernel.KernelLayout;
import dev.plinth.wasm.shape.TableMaxima;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one plugin from disk into a ready {@link PooledPluginVersion} (or, for a WebAssembly component, a
 * {@link ComponentPluginVersion}, {@link ComponentVersionBuilder}): reads the manifest (or makes one
 * for a bare {@code .wasm}), checks the host API, checks the module's signature (on the bytes read,
 * before any of them is compiled), checks the module's shape against its limits, compiles
 * (on the compiler's pool, within the compile timeout), checks imports and declared exports,
 * sets the limits and makes the first instance (under the load timeout and the fuel budget). Any
 * problem is a typed {@code PluginException}, an {@link Error} too (see {@link Containment}).
 *
 * <p>A plugin of several modules ({@code [modules]}) has every step done for each module, then the
 * links between them checked ({@link ModuleLinks}) before the host's imports ({@link ImportCheck});
 * its memories start within the memory limit together, and its version's digest covers every
 * module ({@link #versionSha256}).
 */
public final class PluginLoader {
    /** The manifest's file name inside a plugin directory. */
    public static final String MANIFEST = "plugin.toml";
    private static final long WASM_PAGE = 65536;
    /** Where the Extism memory keeps its blocks and header, as the inlined kernel functions read them. */
    private static final KernelLayout KERNEL_LAYOUT = new KernelLayout(KernelHeader.BASE, KernelHeader.BIAS,
            KernelHeader.USED_AT, KernelHeader.INPUT_OFFSET_AT, KernelHeader.INPUT_LENGTH_AT);
    /** The fuel a second of deadline stands for in interpreter mode; see {@link #derivedFuel}. */
    static final long DERIVED_FUEL_PER_SECOND = 1_000_000_000L;

    private final ModuleCompiler compiler;
    private final EngineMode mode;
    private final PluginLimits defaults;
    private final SecurityPolicy policy;
    private final Map<HostFunctionName, RawHostFunction> hostFunctions;
    private final VarStores vars;
    private final Map<String, String> configOverrides;
    private final CallDeadlines deadlines;
    private final CallListeners listeners;
    private final SignatureGate signatures;
    private final AuditLog auditLog;
    private final LoadAudit loadAudit;
    private final HttpLimits httpLimits;
    private final Function<PluginManifest, List<FileMount>> fileMounts;
    private final long defaultFuel;
    private final Duration loadTimeout;
    private final Duration shutdownTimeout;
    private final boolean allowSymlinksOut;
    private final ShapeChecks shapes;
    private final DataDirectories dataDirectories;
    /** Where plugins granted a key-value store keep it. */
    private final KvStoreHolder kvStore;
    /** The events plugins emit and receive. */
    private final EventBus events;
    /** One lock per plugin name, held by its versions while they check a quota and write. */
    private final Map<String, Object> kvLocks = new java.util.concurrent.ConcurrentHashMap<>();
    private final ComponentVersionBuilder components;
    private final WorldContracts worlds;

    /**
     * @param fileMounts the directories a plugin may reach (its effective file grants); the
     *                   manifest's own {@code [permissions.deny] fs} rules are added as deny rules
     * @param loadTimeout the deadline of the first instance's initialization at load (and of
     *                   {@code prewarm}), or {@code null} for each version's call timeout
     * @param allowSymlinksOut whether a plugin's files may be symbolic links that lead out of the
     *                   plugins folder (the folder holding the plugin)
     * @param shutdownTimeout the deadline of a version's {@code plinth_shutdown} when it is closed
     * @param dataRoot the directory holding the plugins' data directories, or {@code null} when
     *                   the engine has none (a plugin granted one then fails to load)
     * @param kvStore where plugins granted a key-value store ({@code plinth:host/kv}) keep it
     * @param events where the events plugins emit go, and whence published ones reach subscribers
     */
    public PluginLoader(ModuleCompiler compiler, EngineMode mode, PluginLimits defaults, SecurityPolicy policy,
            Map<HostFunctionName, RawHostFunction> hostFunctions, Map<String, String> configOverrides, CallDeadlines deadlines,
            CallListeners listeners, SignatureGate signatures, AuditLog audit, HttpLimits httpLimits,
            Function<PluginManifest, List<FileMount>> fileMounts, long defaultFuel, Duration loadTimeout,
            boolean allowSymlinksOut, Duration shutdownTimeout, Path dataRoot, KvStoreHolder kvStore,
            EventBus events) {
        this(compiler, mode, defaults, policy, hostFunctions, configOverrides, deadlines, listeners, signatures, audit,
                httpLimits, fileMounts, defaultFuel, loadTimeout, allowSymlinksOut, shutdownTimeout, dataRoot, kvStore,
                events, Map.of(), List.of());
    }

    /**
     * As above, with the interfaces the application offers to component plugins, by full name, and the WIT
     * package directories component plugins' worlds are looked up in.
     */
    public PluginLoader(ModuleCompiler compiler, EngineMode mode, PluginLimits defaults, SecurityPolicy policy,
            Map<HostFunctionName, RawHostFunction> hostFunctions, Map<String, String> configOverrides, CallDeadlines deadlines,
            CallListeners listeners, SignatureGate signatures, AuditLog audit, HttpLimits httpLimits,
            Function<PluginManifest, List<FileMount>> fileMounts, long defaultFuel, Duration loadTimeout,
            boolean allowSymlinksOut, Duration shutdownTimeout, Path dataRoot, KvStoreHolder kvStore,
            EventBus events, Map<String, dev.plinth.host.HostInterface> componentImports, List<Path> witPackages) {
        this.worlds = new WorldContracts(witPackages);
        this.kvStore = kvStore;
        this.events = events;
        this.shutdownTimeout = shutdownTimeout;
        this.dataDirectories = new DataDirectories(dataRoot);
        this.loadTimeout = loadTimeout;
        this.allowSymlinksOut = allowSymlinksOut;
        this.fileMounts = fileMounts;
        this.defaultFuel = defaultFuel;
        this.compiler = compiler;
        this.shapes = new ShapeChecks(compiler.store());
        this.mode = mode;
        this.defaults = defaults;
        this.policy = policy;
        this.hostFunctions = Map.copyOf(hostFunctions);
        this.vars = new VarStores();
        this.configOverrides = Map.copyOf(configOverrides);
        this.deadlines = deadlines;
        this.listeners = listeners;
        this.signatures = signatures;
        this.auditLog = audit;
        this.loadAudit = new LoadAudit(audit);
        this.httpLimits = httpLimits;
        this.components = new ComponentVersionBuilder(compiler, mode, shapes, deadlines, listeners, audit,
                new ApplicationImports(componentImports));
    }

    /** Loads a plugin directory (with {@code plugin.toml}) or a bare {@code .wasm} file. */
    public PluginVersion load(Path source) {
        return load(source, manifestOf(source));
    }

    /**
     * Loads a plugin whose manifest was already read with {@link #manifestOf}. Every ask its policy
     * does not grant in full, and a load refused for a permission or a limit, is audited.
     */
    public PluginVersion load(Path source, PluginManifest manifest) {
        String label = Files.isDirectory(source) ? source.getFileName() + "/" + manifest.entrypoint()
                : source.getFileName().toString();
        try {
            return build(source, manifest, label);
        } catch (InstanceCreationException e) {
            loadAudit.instantiationStopped(manifest, label, e.phase(), e.failure());
            throw e.failure();
        } catch (PluginException e) {
            loadAudit.loadFailed(manifest, label, e);
            throw e;
        } catch (RuntimeException | Error e) {
            Containment.rethrowIfNotContained(e);
            PluginException typed = unexpected(manifest, label, e);
            loadAudit.loadFailed(manifest, label, typed);
            throw typed;
        }
    }

    /**
     * What an exception that no step of the load turned into a typed error becomes: the host's heap
     * running out is {@code memory-limit}, a module the fuel meter cannot rewrite is
     * {@code invalid-module}, and so is anything else, with what was thrown.
     */
    private static PluginException unexpected(PluginManifest manifest, String label, Throwable thrown) {
        OutOfMemoryError heap = FailureTranslator.outOfMemory(thrown);
        if (heap != null) {
            return FailureTranslator.hostHeapExhausted("loading " + manifest.name() + " from " + label, heap);
        }
        if (thrown instanceof MeteringException) {
            return new InvalidModuleException(label + " cannot be metered for fuel: " + thrown.getMessage(), thrown);
        }
        return new InvalidModuleException(label + " could not be loaded: " + thrown, thrown);
    }

    private PluginVersion build(Path source, PluginManifest manifest, String label) {
        if (!HostApi.supports(manifest.hostApi())) {
            throw new IncompatiblePluginException("plugin " + manifest.name() + " needs host-api " + manifest.hostApi()
                    + ", but this host implements " + HostApi.CURRENT);
        }
        EffectiveGrants grants = grants(manifest);
        PluginLimits limits = grants.limits().applyTo(defaults);
        PluginFolder folder = folderOf(source);
        List<ModuleFile> files = moduleFiles(source, manifest, label);
        List<byte[]> bytes = new ArrayList<>(files.size());
        List<String> fileSha256 = new ArrayList<>(files.size());
        Map<Path, SourceDigest.ReadFile> read = new HashMap<>();
        for (ModuleFile file : files) {
            byte[] module = read(source, file, limits.module().maxModuleBytes(), folder);
            String sha256 = ModuleCompiler.sha256(module);
            bytes.add(module);
            fileSha256.add(sha256);
            read.put(SourceDigest.ReadFile.key(file.path()), new SourceDigest.ReadFile(sha256, module.length));
        }
        // over the module bytes just read (each hashed once) and the other files as they are now: a file
        // changed after this makes a new digest, so a new version
        String digest = sourceDigest(source, limits.module().maxModuleBytes(), folder, read);
        SignatureCheck signature = null;
        for (int i = 0; i < files.size(); i++) {
            SignatureCheck check = signatures.check(manifest, files.get(i).path(), bytes.get(i), folder);
            // the version is as verified as its least verified module
            signature = signature == null || (signature.verified() && !check.verified()) ? check : signature;
        }
        loadAudit.notGranted(manifest, grants);
        if (anyComponent(files, bytes, source)) {
            Duration timeout = loadTimeout != null ? loadTimeout : limits.callTimeout();
            ComponentPluginVersion version = components.build(manifest, source, label, bytes.get(0),
                    fileSha256.get(0), digest, grants, limits, signature, fuelBudget(manifest, grants),
                    timeout, component -> componentHost(manifest, grants, limits, digest, component),
                    worlds.of(manifest, source), config(manifest), shutdownTimeout);
            if (grants.events().map(g -> !g.subscribe().isEmpty()).orElse(false) && version.handlesEvents()) {
                events.subscribe(version, version::receive);
                version.onClose(() -> events.unsubscribe(version));
            }
            try {
                version.readMetadata(Files.isDirectory(source) ? source.resolve(MANIFEST).toString() : label);
            } catch (RuntimeException | Error e) {
                version.close();
                throw e;
            }
            return version;
        }
        if (manifest.world().isPresent()) {
            throw new InvalidManifestException(source.resolve(MANIFEST).toString(), "plugin.world", "names the WIT"
                    + " world " + manifest.world().get() + ", but " + label + " is a core module (Extism ABI), which"
                    + " implements no world; only a component plugin may name one");
        }
        for (int i = 0; i < files.size(); i++) {
            shapes.check(bytes.get(i), fileSha256.get(i), limits.module(), files.get(i).label());
        }
        Duration instantiationTimeout = loadTimeout != null ? loadTimeout : limits.callTimeout();
        List<RunnableModule> runnables = runnables(manifest, grants, limits, files, bytes, fileSha256,
                instantiationTimeout);
        CompiledModule module = runnables.get(0).module();
        requireDeclaredExports(manifest, module, label);
        LinkedModule main = LinkedModule.main(module, label, runnables.get(0).fuelCounter(),
                runnables.get(0).kernelMemory());
        List<LinkedModule> libraries = new ArrayList<>();
        for (int i = 1; i < files.size(); i++) {
            libraries.add(LinkedModule.library(files.get(i).name(), runnables.get(i).module(), files.get(i).label(),
                    runnables.get(i).fuelCounter(), runnables.get(i).kernelMemory()));
        }
        ModuleLinks.Plan links = ModuleLinks.plan(main, libraries);
        Map<HostFunctionName, RawHostFunction> linked = new LinkedHashMap<>();
        for (LinkedModule each : links.order()) {
            for (RawHostFunction function : ImportCheck.check(links.hostImports().get(each), manifest, grants,
                    hostFunctions, each.label())) {
                linked.putIfAbsent(HostFunctionName.of(function.namespace(), function.name()), function);
            }
        }
        requireMemoryWithinLimit(manifest, links.order(), limits);
        Map<String, String> config = config(manifest);
        Logger logger = LoggerFactory.getLogger("plinth.plugin." + manifest.name());
        FileSandbox sandbox = filesFor(manifest, grants, limits.writes(), logger);
        VarStore pluginVars = vars.of(manifest.name(), limits.maxVarBytes());
        InstanceFactory factory = new InstanceFactory(manifest.name(), manifest.version().toString(), links.order(),
                config, pluginVars, logger, limits, linked.values(),
                new HttpGateway(networkPolicy(manifest, grants), httpLimits)
                        .withResponseHeaders(grants.httpResponseHeaders()), WasiAccess.of(sandbox, grants),
                runnables.get(0).fuel(), runnables.get(0).meteredForDeadline(), deadlines,
                grants.kv().map(quota -> new KvAccess(kvStore.store(), manifest.name(), manifest.version().toString(), quota,
                        auditLog, kvLocks.computeIfAbsent(manifest.name(), n -> new Object()))).orElse(null),
                grants.events().map(g -> new EventAccess(manifest.name(), manifest.version().toString(),
                        new dev.plinth.api.VersionId(manifest.version().toString(), digest).toString(), g,
                        events::offer, auditLog)).orElse(null));
        InstancePool<PluginInstance> pool = new InstancePool<>(manifest.name(), factory, limits.maxInstances());
        pool.offer(factory.create(instantiationTimeout));
        PooledPluginVersion version = new PooledPluginVersion(manifest, source, versionSha256(files, fileSha256),
                digest, module, limits, grants, pool, deadlines, listeners, signature, auditLog, instantiationTimeout,
                pluginVars.view(), shutdownTimeout);
        if (grants.events().map(g -> !g.subscribe().isEmpty()).orElse(false)
                && module.callable().contains(EventFunctions.HANDLER)) {
            events.subscribe(version, EventBus.extismHandler(version));
            version.onClose(() -> events.unsubscribe(version));
        }
        try {
            version.readMetadata(Files.isDirectory(source) ? source.resolve(MANIFEST).toString() : label);
        } catch (RuntimeException | Error e) {
            version.close();
            throw e;
        }
        return version;
    }

    /** The config a plugin's initialize gets: its manifest's {@code [config]}, with the host's overrides over it. */
    private Map<String, String> config(PluginManifest manifest) {
        Map<String, String> config = new HashMap<>(manifest.config());
        config.putAll(configOverrides);
        return config;
    }

    /**
     * What a component plugin's instances import, over the services an Extism plugin of the same grants would
     * get: WASI 0.2 through the file jail (refusals audited), the key-value store under its quota, the event
     * queue, the data directory, the HTTP gateway under the network policy, the plugin's logger.
     */
    private ComponentHost componentHost(PluginManifest manifest, EffectiveGrants grants, PluginLimits limits,
            String digest, dev.plinth.component.Component component) {
        Logger logger = LoggerFactory.getLogger("plinth.plugin." + manifest.name());
        FileSandbox sandbox = filesFor(manifest, grants, limits.writes(), logger);
        String version = manifest.version().toString();
        KvAccess kv = grants.kv().map(quota -> new KvAccess(kvStore.store(), manifest.name(), version, quota, auditLog,
                kvLocks.computeIfAbsent(manifest.name(), n -> new Object()))).orElse(null);
        EventAccess emitted = grants.events().map(g -> new EventAccess(manifest.name(), version,
                new dev.plinth.api.VersionId(version, digest).toString(), g, events::offer, auditLog)).orElse(null);
        HttpGateway http = grants.net().isEmpty() ? null
                : new HttpGateway(networkPolicy(manifest, grants), httpLimits)
                        .withResponseHeaders(grants.httpResponseHeaders());
        return new ComponentHost(manifest.name(), logger, limits.logs(),
                ComponentImportCheck.importsWasi(component) ? WasiAccess.of(sandbox, grants) : null,
                new PlinthServices(kv, emitted, sandbox, http));
    }

    /**
     * One wasm file of a plugin: the main module ({@code plugin.entrypoint}, or the bare
     * {@code .wasm}) or another module listed in {@code [modules]}.
     *
     * @param name the name modules import it by ({@value PluginManifest#MAIN_MODULE} for the main one)
     * @param path the file
     * @param label the file as errors name it
     * @param key the manifest key that names the file, e.g. {@code modules.helpers}
     * @param relative the file as the manifest names it
     */
    private record ModuleFile(String name, Path path, String label, String key, String relative) {
    }

    /** The plugin's files, the main module first, then the others in manifest order. */
    private static List<ModuleFile> moduleFiles(Path source, PluginManifest manifest, String label) {
        if (!Files.isDirectory(source)) {
            return List.of(new ModuleFile(PluginManifest.MAIN_MODULE, source, label, "plugin.entrypoint",
                    source.getFileName().toString()));
        }
        List<ModuleFile> files = new ArrayList<>();
        files.add(new ModuleFile(PluginManifest.MAIN_MODULE, source.resolve(manifest.entrypoint()), label,
                "plugin.entrypoint", manifest.entrypoint()));
        for (Map.Entry<String, String> module : manifest.modules().entrySet()) {
            String name = module.getKey();
            String key = "modules." + (name.matches("[A-Za-z0-9_-]+") ? name : Quoting.quote(name));
            files.add(new ModuleFile(name, source.resolve(module.getValue()),
                    source.getFileName() + "/" + module.getValue(), key, module.getValue()));
        }
        return files;
    }

    /**
     * The source digest of a version ({@link SourceDigest}): SHA-256 over every file of its source
     * (manifest, modules, signatures), read as the loader reads them, each module at most
     * {@code maxModuleBytes}.
     *
     * @throws InvalidModuleException when the plugin folder cannot be listed
     */
    public static String sourceDigest(Path source, long maxModuleBytes, PluginFolder folder) {
        return sourceDigest(source, maxModuleBytes, folder, Map.of());
    }

    private static String sourceDigest(Path source, long maxModuleBytes, PluginFolder folder,
            Map<Path, SourceDigest.ReadFile> alreadyRead) {
        try {
            return SourceDigest.of(source, new SizeCap(maxModuleBytes, Limit.MAX_MODULE_SIZE.key()), folder,
                    alreadyRead);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new InvalidModuleException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * A version's SHA-256: its module file's, for a plugin of one module; for a plugin of several,
     * the SHA-256 of one line per module, {@code <sha256 of its file>  <module name>\n}, the main
     * module first (named {@value PluginManifest#MAIN_MODULE}), then the others by name, so that a
     * change to any of its files is a new version.
     */
    static String versionSha256(List<ModuleFile> files, List<String> fileSha256) {
        if (files.size() == 1) {
            return fileSha256.get(0);
        }
        java.util.TreeMap<String, String> others = new java.util.TreeMap<>();
        for (int i = 1; i < files.size(); i++) {
            others.put(files.get(i).name(), fileSha256.get(i));
        }
        StringBuilder lines = new StringBuilder(fileSha256.get(0)).append("  ").append(PluginManifest.MAIN_MODULE)
                .append('\n');
        others.forEach((name, sha) -> lines.append(sha).append("  ").append(name).append('\n'));
        return ModuleCompiler.sha256(lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * The memories the modules declare start within the memory limit together (a memory imported
     * from another module is that module's, counted once).
     */
    private static void requireMemoryWithinLimit(PluginManifest manifest, List<LinkedModule> modules,
            PluginLimits limits) {
        long initialBytes = 0;
        List<String> shares = new ArrayList<>();
        for (LinkedModule module : modules) {
            long bytes = module.module().ownInitialPages() * WASM_PAGE;
            initialBytes += bytes;
            if (bytes > 0) {
                shares.add(module.label() + " " + DataSize.ofBytes(bytes));
            }
        }
        if (initialBytes > limits.maxMemory().toBytes()) {
            throw new MemoryLimitException("plugin " + manifest.name() + " starts with " + DataSize.ofBytes(initialBytes)
                    + " of memory" + (modules.size() > 1 ? " (" + String.join(", ", shares) + ")" : "")
                    + ", more than its limit of " + limits.maxMemory());
        }
    }

    /**
     * The modules as instances run them, and how they are metered: each one's tables' maxima
     * clamped to its table budget ({@link TableMaxima}), metered if the version has a fuel budget,
     * compiled. In interpreter mode they are always metered so that the deadline can stop them
     * (Chicory's interpreter sees interruption only on some branches); so are they all when any is
     * compiled with functions too large for one JVM method, which then run in the interpreter: the
     * modules of a plugin share one fuel counter, so they are metered alike.
     */
    private List<RunnableModule> runnables(PluginManifest manifest, EffectiveGrants grants, PluginLimits limits,
            List<ModuleFile> files, List<byte[]> bytes, List<String> fileSha256, Duration instantiationTimeout) {
        List<byte[]> clamped = new ArrayList<>(bytes.size());
        // a module the clamp left as it was keeps its file's digest; another is hashed once it is final
        List<Optional<String>> sha256 = new ArrayList<>(bytes.size());
        for (int i = 0; i < bytes.size(); i++) {
            byte[] module = TableMaxima.clamp(bytes.get(i), limits.module().maxTableElements());
            clamped.add(module);
            sha256.add(module == bytes.get(i) ? Optional.of(fileSha256.get(i)) : Optional.empty());
        }
        long fuelPerCall = fuelBudget(manifest, grants);
        try {
            return meterAndCompile(files, clamped, sha256, fuelPerCall, mode == EngineMode.INTERPRETED, limits,
                    instantiationTimeout);
        } catch (InterpreterFallbackNeeded e) {
            return meterAndCompile(files, clamped, sha256, fuelPerCall, true, limits, instantiationTimeout);
        }
    }

    private List<RunnableModule> meterAndCompile(List<ModuleFile> files, List<byte[]> bytes,
            List<Optional<String>> sha256,
            long fuelPerCall, boolean forDeadline, PluginLimits limits, Duration instantiationTimeout) {
        List<RunnableModule> modules = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            modules.add(meterAndCompile(bytes.get(i), sha256.get(i), fuelPerCall, forDeadline, limits,
                    files.get(i).label(), instantiationTimeout));
        }
        return modules;
    }

    /**
     * One module as it runs: its kernel's byte functions inlined over the instance's Extism memory
     * ({@link KernelInliner}; the imports the checks see are unchanged), then metered, so that the
     * inlined functions are metered as the module's own code, then compiled. Only the bytes compiled
     * are hashed, once: by the compiler, or here when they are {@code original}, whose SHA-256 the
     * caller may know already ({@code originalSha256}).
     */
    private RunnableModule meterAndCompile(byte[] original, Optional<String> originalSha256, long fuelPerCall,
            boolean forDeadline, PluginLimits limits, String label, Duration instantiationTimeout) {
        InlinedKernel inlined = KernelInliner.inline(original, KERNEL_LAYOUT);
        byte[] bytes = inlined.bytes();
        Optional<String> knownSha256 = inlined.inlined() ? Optional.empty() : originalSha256;
        int kernelMemory = inlined.definedMemoryPosition();
        Duration derivedFrom = null;
        long budget = fuelPerCall;
        if (budget == 0 && forDeadline) {
            derivedFrom = max(limits.callTimeout(), instantiationTimeout);
            budget = derivedFuel(derivedFrom);
        }
        if (budget == 0) {
            String sha256 = knownSha256.orElseGet(() -> ModuleCompiler.sha256(bytes));
            return new RunnableModule(bytes, compiler.compile(bytes, sha256, mode, label,
                    limits.module().compileTimeout(), false), Optional.empty(), false, kernelMemory);
        }
        MeteredModule metered = forDeadline ? FuelMeter.instrumentWithSharedCounter(bytes, budget)
                : FuelMeter.instrument(bytes, budget);
        CompiledModule module = compiler.compile(metered.bytes(), mode, label, limits.module().compileTimeout(),
                forDeadline);
        return new RunnableModule(metered.bytes(), module,
                Optional.of(new FuelBudget(metered.fuelGlobalExport(), budget, derivedFrom)), forDeadline, kernelMemory);
    }

    /**
     * What instances of a version are made of: the bytes compiled, the compiled module, its fuel
     * budget, and whether the module reads its fuel counter at every charge so that a deadline can
     * drain it, and which memory it defines is its kernel memory (-1: none, {@link InlinedKernel}).
     */
    private record RunnableModule(byte[] bytes, CompiledModule module, Optional<FuelBudget> fuel,
            boolean meteredForDeadline, int kernelMemory) {
        /** The export of the module's fuel counter, when it is metered. */
        Optional<String> fuelCounter() {
            return fuel.map(FuelBudget::counterGlobal);
        }
    }

    /**
     * The fuel budget that stands for a deadline in interpreter mode, when the operator set none:
     * {@value #DERIVED_FUEL_PER_SECOND} units a second, 20 to 100 times what Chicory's
     * interpreter runs metered (10 to 50 million units a second measured here, on tight loops), so
     * that the deadline, which drains the counter, is what stops a call and no call is cut short
     * before it; the budget binds, as {@code timeout}, only if the drain somehow did not.
     */
    static long derivedFuel(Duration deadline) {
        long millis = Math.max(1, deadline.toMillis());
        return millis > Long.MAX_VALUE / 4 / (DERIVED_FUEL_PER_SECOND / 1000) ? Long.MAX_VALUE / 4
                : millis * (DERIVED_FUEL_PER_SECOND / 1000);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * The metered budget of a version, if it runs metered: when its manifest asks for fuel, or the
     * engine meters every plugin; the policy's grant and ceiling cap the budget either way.
     */
    private long fuelBudget(PluginManifest manifest, EffectiveGrants grants) {
        if (manifest.permissions().fuel().isPresent()) {
            return grants.limits().fuel();
        }
        return defaultFuel > 0 ? Math.min(defaultFuel, grants.limits().fuel()) : 0;
    }

    /**
     * The directories a version may reach: its effective file grants, each at the guest path its
     * rule names (a mapped grant shows its host directory elsewhere), with the policy's and the
     * manifest's deny rules hiding subtrees, plus any mounts the engine was given explicitly; what is
     * written into them counts against the version's write quota.
     */
    private FileSandbox filesFor(PluginManifest manifest, EffectiveGrants grants, WriteQuota quota, Logger logger) {
        List<FileMount> mounts = new ArrayList<>();
        for (FsPermission rule : grants.fs()) {
            if (Files.isDirectory(Path.of(rule.hostPath()))) {
                mounts.add(FileMount.of(rule));
            } else {
                logger.warn("granted {} is not a directory on this host; the plugin runs without it", rule);
            }
        }
        List<FileMount> explicit = fileMounts.apply(manifest);
        if (explicit != null) {
            mounts.addAll(explicit);
        }
        List<QuotaDirectory> own = grants.dataDir().map(q -> List.of(dataDirectories.of(manifest, q))).orElse(List.of());
        if (mounts.isEmpty() && own.isEmpty()) {
            return FileSandbox.none();
        }
        // the policy's deny rules and the manifest's own, the latter already moved onto host paths
        for (FsPermission deny : grants.deny().fs()) {
            mounts.add(FileMount.deny(Path.of(deny.path())));
        }
        try {
            // audited only: the audit log writes each refusal at WARN once and folds a flood of them
            return FileSandbox.of(mounts, quota, refusal -> loadAudit.fileRefused(manifest, refusal), own);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new PermissionDeniedException("plugin " + manifest.name() + ": " + e.getMessage());
        }
    }

    /** The name a source would have if its manifest could not be read: its file name, tidied. */
    public static String fallbackName(Path source) {
        String file = source.getFileName().toString();
        String stem = file.endsWith(".wasm") ? file.substring(0, file.length() - 5) : file;
        return stem.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The folder a source's files must stay in: the plugins folder that holds it, with links out of
     * it allowed only if this loader allows them.
     */
    public PluginFolder folderOf(Path source) {
        return PluginFolder.holding(source, allowSymlinksOut);
    }

    /**
     * Reads a plugin directory's manifest, or makes the manifest of a bare {@code .wasm}, keeping to
     * the plugins folder; a manifest refused as a file (a FIFO, a link out of the folder, too large)
     * is audited.
     */
    public PluginManifest readManifest(Path source) {
        try {
            return manifestOf(source, folderOf(source));
        } catch (InvalidManifestException e) {
            if (e.getCause() instanceof PluginFileException refused) {
                loadAudit.fileRefused(fallbackName(source), refused);
            }
            throw e;
        }
    }

    /**
     * Reads a plugin directory's manifest, or makes the manifest of a bare {@code .wasm}; symbolic
     * links may not lead out of the folder holding the plugin.
     */
    public static PluginManifest manifestOf(Path source) {
        return manifestOf(source, PluginFolder.holding(source, false));
    }

    /** Reads a plugin directory's manifest inside {@code folder}, or makes the manifest of a bare {@code .wasm}. */
    public static PluginManifest manifestOf(Path source, PluginFolder folder) {
        if (Files.isDirectory(source)) {
            Path file = source.resolve(MANIFEST);
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidManifestException(file.toString(), null, "no " + MANIFEST + " in plugin directory");
            }
            return ManifestReader.read(file, folder);
        }
        String name = fallbackName(source);
        if (!PluginManifest.NAME_PATTERN.matcher(name).matches()) {
            throw new InvalidManifestException(source.toString(), null, "\"" + name + "\" (from the file name) is not"
                    + " a valid plugin name: use lowercase letters, digits and '-', starting with a letter");
        }
        return PluginManifest.forBareModule(name, source.getFileName().toString());
    }

    /**
     * A module's bytes, read with {@link PluginFileReader}: a regular file inside the plugins
     * folder, at most the version's {@code max-module-size}.
     */
    private static byte[] read(Path source, ModuleFile file, long maxBytes, PluginFolder folder) {
        byte[] bytes;
        try {
            bytes = PluginFileReader.read(file.path(), new SizeCap(maxBytes, Limit.MAX_MODULE_SIZE.key()), folder);
        } catch (NoSuchFileException e) {
            throw new InvalidManifestException(source.resolve(MANIFEST).toString(), file.key(),
                    "file \"" + file.relative() + "\" does not exist in " + source);
        } catch (PluginFileException e) {
            throw new InvalidModuleException(e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidModuleException("cannot read " + file.path() + ": " + e.getMessage(), e);
        }
        return bytes;
    }

    /**
     * Whether the plugin is a WebAssembly component (told apart from core modules by the header, before any
     * core-module check reads it as a broken module): its entrypoint is one, and it has no other module.
     *
     * @throws InvalidManifestException when a component comes with {@code [modules]}, or a module listed there
     *     is a component
     */
    private static boolean anyComponent(List<ModuleFile> files, List<byte[]> bytes, Path source) {
        boolean main = ComponentHeader.isComponent(bytes.get(0));
        for (int i = 1; i < files.size(); i++) {
            ModuleFile file = files.get(i);
            if (main || ComponentHeader.isComponent(bytes.get(i))) {
                throw new InvalidManifestException(source.resolve(MANIFEST).toString(), file.key(), main
                        ? "a component plugin is one component; its core modules are inside it, not in [modules]"
                        : file.relative() + " is a WebAssembly component: [modules] lists core modules only");
            }
        }
        return main;
    }

    private static void requireDeclaredExports(PluginManifest manifest, CompiledModule module, String label) {
        for (String declared : manifest.exports().keySet()) {
            if (!module.callable().contains(declared)) {
                throw new InvalidModuleException(label + " does not export a function \"" + declared
                        + "\" of type () -> i32 or () -> (), which its manifest declares in [exports." + declared + "]");
            }
        }
    }

    /**
     * The effective network rules of a version: what the policy grants of what it asks, with the
     * policy's and the manifest's deny rules. Loopback and private addresses stay refused unless a
     * rule names them.
     */
    private static NetworkPolicy networkPolicy(PluginManifest manifest, EffectiveGrants grants) {
        if (grants.net().isEmpty()) {
            return NetworkPolicy.denyAll();
        }
        List<NetPermission> deny = new ArrayList<>(grants.deny().net());
        deny.addAll(manifest.permissions().deny().net());
        return NetworkPolicy.of(grants.net(), deny);
    }

    /**
     * What the policy gives a plugin with this manifest: asked ∩ granted − denied, with this
     * engine's limits (and its fuel budget, if it meters every plugin) as the values of limits
     * neither asked for nor granted.
     */
    public EffectiveGrants grants(PluginManifest manifest) {
        long fuel = defaultFuel > 0 ? defaultFuel : GrantLimits.CONSERVATIVE.fuel();
        return Grants.effective(manifest, policy, GrantLimits.fallbackFrom(defaults, fuel));
    }

    /**
     * The vars of plugin {@code name}, which every version of it loaded here shares; they exist
     * (empty) before any version is loaded, capped at the {@code max-vars} the policy gives the
     * plugin.
     */
    public dev.plinth.api.PluginVars vars(String name) {
        long maxBytes = grants(PluginManifest.forBareModule(name, name + ".wasm")).limits().applyTo(defaults)
                .maxVarBytes();
        return vars.of(name, maxBytes).view();
    }
}
