package dev.plinth.host.internal.registry;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.error.IncompatiblePluginException;
import dev.plinth.api.error.InvalidManifestException;
import dev.plinth.api.error.InvalidModuleException;
import dev.plinth.api.error.MemoryLimitException;
import dev.plinth.api.host.HostFunction;
import dev.plinth.api.manifest.HostApi;
import dev.plinth.api.manifest.ManifestReader;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.api.unit.DataSize;
import dev.plinth.host.EngineMode;
import dev.plinth.host.internal.abi.PluginVars;
import dev.plinth.host.internal.engine.CompiledModule;
import dev.plinth.host.internal.engine.ModuleCompiler;
import dev.plinth.host.internal.pool.CallDeadlines;
import dev.plinth.host.internal.pool.InstanceFactory;
import dev.plinth.host.internal.pool.InstancePool;
import dev.plinth.security.policy.EffectiveGrants;
import dev.plinth.security.policy.GrantLimits;
import dev.plinth.security.policy.Grants;
import dev.plinth.security.policy.SecurityPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Loads one plugin from disk into a ready {@link PluginVersion}: reads the manifest (or makes one
 * for a bare {@code .wasm}), checks the host API, compiles, checks imports and declared exports,
 * sets the limits and makes the first instance. Any problem is a typed {@code PluginException}.
 */
public final class PluginLoader {
    /** The manifest's file name inside a plugin directory. */
    public static final String MANIFEST = "plugin.toml";
    private static final long WASM_PAGE = 65536;

    private final ModuleCompiler compiler;
    private final EngineMode mode;
    private final PluginLimits defaults;
    private final SecurityPolicy policy;
    private final Map<String, HostFunction> hostFunctions;
    private final Map<String, String> configOverrides;
    private final CallDeadlines deadlines;
    private final CallListeners listeners;

    public PluginLoader(ModuleCompiler compiler, EngineMode mode, PluginLimits defaults, SecurityPolicy policy,
            Map<String, HostFunction> hostFunctions, Map<String, String> configOverrides, CallDeadlines deadlines,
            CallListeners listeners) {
        this.compiler = compiler;
        this.mode = mode;
        this.defaults = defaults;
        this.policy = policy;
        this.hostFunctions = Map.copyOf(hostFunctions);
        this.configOverrides = Map.copyOf(configOverrides);
        this.deadlines = deadlines;
        this.listeners = listeners;
    }

    /** Loads a plugin directory (with {@code plugin.toml}) or a bare {@code .wasm} file. */
    public PluginVersion load(Path source) {
        return load(source, manifestOf(source));
    }

    /** Loads a plugin whose manifest was already read with {@link #manifestOf}. */
    public PluginVersion load(Path source, PluginManifest manifest) {
        Path wasm = Files.isDirectory(source) ? source.resolve(manifest.entrypoint()) : source;
        String label = Files.isDirectory(source) ? source.getFileName() + "/" + manifest.entrypoint()
                : source.getFileName().toString();
        if (!HostApi.supports(manifest.hostApi())) {
            throw new IncompatiblePluginException("plugin " + manifest.name() + " needs host-api " + manifest.hostApi()
                    + ", but this host implements " + HostApi.CURRENT);
        }
        byte[] bytes = read(source, wasm, manifest);
        CompiledModule module = compiler.compile(bytes, mode, label);
        requireDeclaredExports(manifest, module, label);
        EffectiveGrants grants = grants(manifest);
        List<HostFunction> linked = ImportCheck.check(module, manifest, grants, hostFunctions, label);
        PluginLimits limits = grants.limits().applyTo(defaults);
        long initialBytes = module.initialPages() * WASM_PAGE;
        if (initialBytes > limits.maxMemory().toBytes()) {
            throw new MemoryLimitException("plugin " + manifest.name() + " starts with " + DataSize.ofBytes(initialBytes)
                    + " of memory, more than its limit of " + limits.maxMemory());
        }
        Map<String, String> config = new HashMap<>(manifest.config());
        config.putAll(configOverrides);
        InstanceFactory factory = new InstanceFactory(manifest.name(), manifest.version().toString(), module, config,
                new PluginVars(manifest.name(), limits.maxVarBytes()),
                LoggerFactory.getLogger("plinth.plugin." + manifest.name()), limits, linked);
        InstancePool pool = new InstancePool(manifest.name(), factory, limits.maxInstances());
        pool.offer(factory.create());
        return new PluginVersion(manifest, source, module, limits, grants, pool, deadlines, listeners);
    }

    /** The name a source would have if its manifest could not be read: its file name, tidied. */
    public static String fallbackName(Path source) {
        String file = source.getFileName().toString();
        String stem = file.endsWith(".wasm") ? file.substring(0, file.length() - 5) : file;
        return stem.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Reads a plugin directory's manifest, or makes the manifest of a bare {@code .wasm}. */
    public static PluginManifest manifestOf(Path source) {
        if (Files.isDirectory(source)) {
            Path file = source.resolve(MANIFEST);
            if (!Files.isRegularFile(file)) {
                throw new InvalidManifestException(file.toString(), null, "no " + MANIFEST + " in plugin directory");
            }
            return ManifestReader.read(file);
        }
        String name = fallbackName(source);
        if (!PluginManifest.NAME_PATTERN.matcher(name).matches()) {
            throw new InvalidManifestException(source.toString(), null, "\"" + name + "\" (from the file name) is not"
                    + " a valid plugin name: use lowercase letters, digits and '-', starting with a letter");
        }
        return PluginManifest.forBareModule(name, source.getFileName().toString());
    }

    private static byte[] read(Path source, Path wasm, PluginManifest manifest) {
        try {
            return Files.readAllBytes(wasm);
        } catch (NoSuchFileException e) {
            throw new InvalidManifestException(source.resolve(MANIFEST).toString(), "plugin.entrypoint",
                    "file \"" + manifest.entrypoint() + "\" does not exist in " + source);
        } catch (IOException e) {
            throw new InvalidModuleException("cannot read " + wasm + ": " + e.getMessage(), e);
        }
    }

    private static void requireDeclaredExports(PluginManifest manifest, CompiledModule module, String label) {
        for (String declared : manifest.exports().keySet()) {
            if (!module.callable().contains(declared)) {
                throw new InvalidModuleException(label + " does not export a function \"" + declared
                        + "\" of type () -> i32, which its manifest declares in [exports." + declared + "]");
            }
        }
    }

    /**
     * What the policy gives a plugin with this manifest: asked ∩ granted − denied, with this
     * engine's limits as the values of limits neither asked for nor granted.
     */
    public EffectiveGrants grants(PluginManifest manifest) {
        return Grants.effective(manifest, policy, GrantLimits.fallbackFrom(defaults));
    }
}
