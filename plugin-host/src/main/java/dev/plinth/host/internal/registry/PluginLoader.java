package dev.plinth.host.internal.registry;

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
import dev.plinth.config.ManifestReader;
import dev.plinth.host.EngineMode;
import dev.plinth.abi.VarStore;
import dev.plinth.abi.WasiAccess;
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
import dev.plinth.sandbox.fs.FileMount;
import dev.plinth.sandbox.fs.FileSandbox;
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
import dev.plinth.wasm.shape.TableMaxima;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one plugin from disk into a ready {@link PooledPluginVersion}: reads the manifest (or makes one
 * for a bare {@code .wasm}), checks the host API, checks the module's signature (on the bytes read,
 * before any of them is compiled), checks the module's shape against its limits, compiles
 * (on the compiler's pool, within the compile timeout), checks imports and declared exports,
 * sets the limits and makes the first instance (under the load timeout and the fuel budget). Any
 * problem is a typed {@code PluginException}, an {@link Error} too (see {@link Containment}).
 */
public final class PluginLoader {
    /** The manifest's file name inside a plugin directory. */
    public static final String MANIFEST = "plugin.toml";
    private static final long WASM_PAGE = 65536;
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
    private final boolean allowSymlinksOut;
    private final ShapeChecks shapes = new ShapeChecks();

    /**
     * @param fileMounts the directories a plugin may reach (its effective file grants); the
     *                   manifest's own {@code [permissions.deny] fs} rules are added as deny rules
     * @param loadTimeout the deadline of the first instance's initialization at load (and of
     *                   {@code prewarm}), or {@code null} for each version's call timeout
     * @param allowSymlinksOut whether a plugin's files may be symbolic links that lead out of the
     *                   plugins folder (the folder holding the plugin)
     */
    public PluginLoader(ModuleCompiler compiler, EngineMode mode, PluginLimits defaults, SecurityPolicy policy,
            Map<HostFunctionName, RawHostFunction> hostFunctions, Map<String, String> configOverrides, CallDeadlines deadlines,
            CallListeners listeners, SignatureGate signatures, AuditLog audit, HttpLimits httpLimits,
            Function<PluginManifest, List<FileMount>> fileMounts, long defaultFuel, Duration loadTimeout,
            boolean allowSymlinksOut) {
        this.loadTimeout = loadTimeout;
        this.allowSymlinksOut = allowSymlinksOut;
        this.fileMounts = fileMounts;
        this.defaultFuel = defaultFuel;
        this.compiler = compiler;
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
    }

    /** Loads a plugin directory (with {@code plugin.toml}) or a bare {@code .wasm} file. */
    public PooledPluginVersion load(Path source) {
        return load(source, manifestOf(source));
    }

    /**
     * Loads a plugin whose manifest was already read with {@link #manifestOf}. Every ask its policy
     * does not grant in full, and a load refused for a permission or a limit, is audited.
     */
    public PooledPluginVersion load(Path source, PluginManifest manifest) {
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

    private PooledPluginVersion build(Path source, PluginManifest manifest, String label) {
        Path wasm = Files.isDirectory(source) ? source.resolve(manifest.entrypoint()) : source;
        if (!HostApi.supports(manifest.hostApi())) {
            throw new IncompatiblePluginException("plugin " + manifest.name() + " needs host-api " + manifest.hostApi()
                    + ", but this host implements " + HostApi.CURRENT);
        }
        EffectiveGrants grants = grants(manifest);
        PluginLimits limits = grants.limits().applyTo(defaults);
        PluginFolder folder = folderOf(source);
        byte[] bytes = read(source, wasm, manifest, limits.module().maxModuleBytes(), folder);
        SignatureCheck signature = signatures.check(manifest, wasm, bytes, folder);
        loadAudit.notGranted(manifest, grants);
        String fileSha256 = ModuleCompiler.sha256(bytes);
        shapes.check(bytes, fileSha256, limits.module(), label);
        Duration instantiationTimeout = loadTimeout != null ? loadTimeout : limits.callTimeout();
        RunnableModule runnable = runnable(manifest, grants, limits, bytes, fileSha256, label, instantiationTimeout);
        CompiledModule module = runnable.module();
        requireDeclaredExports(manifest, module, label);
        List<RawHostFunction> linked = ImportCheck.check(module, manifest, grants, hostFunctions, label);
        long initialBytes = module.initialPages() * WASM_PAGE;
        if (initialBytes > limits.maxMemory().toBytes()) {
            throw new MemoryLimitException("plugin " + manifest.name() + " starts with " + DataSize.ofBytes(initialBytes)
                    + " of memory, more than its limit of " + limits.maxMemory());
        }
        Map<String, String> config = new HashMap<>(manifest.config());
        config.putAll(configOverrides);
        Logger logger = LoggerFactory.getLogger("plinth.plugin." + manifest.name());
        FileSandbox files = filesFor(manifest, grants, limits.writes(), logger);
        VarStore pluginVars = vars.of(manifest.name(), limits.maxVarBytes());
        InstanceFactory factory = new InstanceFactory(manifest.name(), manifest.version().toString(), module, config,
                pluginVars, logger, limits, linked,
                new HttpGateway(networkPolicy(manifest, grants), httpLimits)
                        .withResponseHeaders(grants.httpResponseHeaders()), WasiAccess.of(files, grants),
                runnable.fuel(), runnable.meteredForDeadline(), deadlines);
        InstancePool pool = new InstancePool(manifest.name(), factory, limits.maxInstances());
        pool.offer(factory.create(instantiationTimeout));
        return new PooledPluginVersion(manifest, source, fileSha256, module, limits, grants, pool, deadlines, listeners,
                signature, auditLog, instantiationTimeout, pluginVars.view());
    }

    /**
     * The module as instances run it, and how it is metered: its tables' maxima clamped to its
     * table budget ({@link TableMaxima}), metered if it has a fuel budget, compiled. In interpreter
     * mode it is always metered so that the deadline can stop it (Chicory's interpreter sees
     * interruption only on some branches); so is a module compiled with functions too large for one
     * JVM method, which then run in the interpreter.
     */
    private RunnableModule runnable(PluginManifest manifest, EffectiveGrants grants, PluginLimits limits, byte[] bytes,
            String fileSha256, String label, Duration instantiationTimeout) {
        byte[] clamped = TableMaxima.clamp(bytes, limits.module().maxTableElements());
        String sha256 = clamped == bytes ? fileSha256 : ModuleCompiler.sha256(clamped);
        long fuelPerCall = fuelBudget(manifest, grants);
        try {
            return meterAndCompile(clamped, sha256, fuelPerCall, mode == EngineMode.INTERPRETED, limits, label,
                    instantiationTimeout);
        } catch (InterpreterFallbackNeeded e) {
            return meterAndCompile(clamped, sha256, fuelPerCall, true, limits, label, instantiationTimeout);
        }
    }

    private RunnableModule meterAndCompile(byte[] bytes, String sha256, long fuelPerCall, boolean forDeadline,
            PluginLimits limits, String label, Duration instantiationTimeout) {
        Duration derivedFrom = null;
        long budget = fuelPerCall;
        if (budget == 0 && forDeadline) {
            derivedFrom = max(limits.callTimeout(), instantiationTimeout);
            budget = derivedFuel(derivedFrom);
        }
        if (budget == 0) {
            return new RunnableModule(bytes, compiler.compile(bytes, sha256, mode, label,
                    limits.module().compileTimeout(), false), Optional.empty(), false);
        }
        MeteredModule metered = forDeadline ? FuelMeter.instrumentWithSharedCounter(bytes, budget)
                : FuelMeter.instrument(bytes, budget);
        CompiledModule module = compiler.compile(metered.bytes(), mode, label, limits.module().compileTimeout(),
                forDeadline);
        return new RunnableModule(metered.bytes(), module,
                Optional.of(new FuelBudget(metered.fuelGlobalExport(), budget, derivedFrom)), forDeadline);
    }

    /**
     * What instances of a version are made of: the bytes compiled, the compiled module, its fuel
     * budget, and whether the module reads its fuel counter at every charge so that a deadline can
     * drain it.
     */
    private record RunnableModule(byte[] bytes, CompiledModule module, Optional<FuelBudget> fuel,
            boolean meteredForDeadline) {
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
        if (mounts.isEmpty()) {
            return FileSandbox.none();
        }
        // the policy's deny rules and the manifest's own, the latter already moved onto host paths
        for (FsPermission deny : grants.deny().fs()) {
            mounts.add(FileMount.deny(Path.of(deny.path())));
        }
        try {
            // audited only: the audit log writes each refusal at WARN once and folds a flood of them
            return FileSandbox.of(mounts, quota, refusal -> loadAudit.fileRefused(manifest, refusal));
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
     * The module's bytes, read with {@link PluginFileReader}: a regular file inside the plugins
     * folder, at most the version's {@code max-module-size}.
     */
    private static byte[] read(Path source, Path wasm, PluginManifest manifest, long maxBytes, PluginFolder folder) {
        try {
            return PluginFileReader.read(wasm, new SizeCap(maxBytes, Limit.MAX_MODULE_SIZE.key()), folder);
        } catch (NoSuchFileException e) {
            throw new InvalidManifestException(source.resolve(MANIFEST).toString(), "plugin.entrypoint",
                    "file \"" + manifest.entrypoint() + "\" does not exist in " + source);
        } catch (PluginFileException e) {
            throw new InvalidModuleException(e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidModuleException("cannot read " + wasm + ": " + e.getMessage(), e);
        }
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
