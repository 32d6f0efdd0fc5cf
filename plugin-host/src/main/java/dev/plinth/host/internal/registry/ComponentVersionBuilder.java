package dev.plinth.host.internal.registry;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.error.IncompatiblePluginException;
import dev.plinth.api.error.InvalidModuleException;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.component.Component;
import dev.plinth.component.ComponentOptions;
import dev.plinth.component.contract.ContractCheck;
import dev.plinth.component.contract.WorldContract;
import dev.plinth.component.type.ComponentType;
import dev.plinth.component.type.FuncType;
import dev.plinth.host.EngineMode;
import dev.plinth.host.internal.component.ComponentHost;
import dev.plinth.host.internal.component.ComponentImportCheck;
import dev.plinth.host.internal.engine.CompiledModule;
import dev.plinth.host.internal.engine.InterpreterFallbackNeeded;
import dev.plinth.host.internal.engine.ModuleCompiler;
import dev.plinth.host.internal.pool.CallDeadlines;
import dev.plinth.host.internal.pool.ComponentCoreModule;
import dev.plinth.host.internal.pool.ComponentInstanceFactory;
import dev.plinth.host.internal.pool.InstancePool;
import dev.plinth.host.internal.pool.ComponentPluginInstance;
import dev.plinth.host.internal.pool.FuelBudget;
import dev.plinth.security.audit.AuditLog;
import dev.plinth.security.policy.EffectiveGrants;
import dev.plinth.security.signature.SignatureCheck;
import dev.plinth.wasm.fuel.FuelMeter;
import dev.plinth.wasm.fuel.MeteredModule;
import dev.plinth.wasm.shape.TableMaxima;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The loader's steps for a plugin whose entrypoint is a WebAssembly component, after the steps every plugin
 * shares (manifest, grants, digest, signature): parse it, check its imports against what the engine provides and
 * the grants allow ({@link ComponentImportCheck}) and the world its manifest names (both on its type read from the
 * binary, before anything of it runs), check each core module's shape against the
 * version's module limits, clamp its tables, meter it for fuel (every core module on one counter), compile
 * it on the engine's compiler (and its compile cache), make the first instance under the load timeout, and
 * check the exports its manifest declares. Every instance is initialized with the plugin's config
 * ({@code plinth:plugin/lifecycle}'s {@code initialize}, {@link ComponentInstanceFactory}).
 */
final class ComponentVersionBuilder {
    private final ModuleCompiler compiler;
    private final EngineMode mode;
    private final ShapeChecks shapes;
    private final CallDeadlines deadlines;
    private final CallListeners listeners;
    private final AuditLog auditLog;
    private final ApplicationImports applicationImports;

    ComponentVersionBuilder(ModuleCompiler compiler, EngineMode mode, ShapeChecks shapes, CallDeadlines deadlines,
            CallListeners listeners, AuditLog auditLog, ApplicationImports applicationImports) {
        this.applicationImports = applicationImports;
        this.compiler = compiler;
        this.mode = mode;
        this.shapes = shapes;
        this.deadlines = deadlines;
        this.listeners = listeners;
        this.auditLog = auditLog;
    }

    /**
     * @param fuelPerCall the operator's fuel budget of a call, 0 for none
     * @throws dev.plinth.host.internal.pool.InstanceCreationException when the first instance cannot be made
     */
    ComponentPluginVersion build(PluginManifest manifest, Path source, String label, byte[] bytes, String sha256,
            String digest, EffectiveGrants grants, PluginLimits limits, SignatureCheck signature, long fuelPerCall,
            Duration instantiationTimeout, Function<Component, ComponentHost> host, Optional<WorldContract> world,
            Map<String, String> config, Duration shutdownTimeout) {
        Component component = Component.parse(bytes);
        // its type is read from the binary (through the nested components toolchains write), so the world and the
        // imports are checked before anything of it runs
        ComponentType iface = component.type();
        requireContract(world, iface, label);
        ApplicationImports.Linked application = applicationImports.resolve(label, manifest, grants, component);
        ComponentImportCheck.check(component, manifest, grants, label,
                name -> applicationImports.offers(name) || application.names().contains(name));
        // in interpreter mode the deadline stops a call by draining a counter read at every charge
        boolean forDeadline = mode == EngineMode.INTERPRETED;
        long budget = fuelPerCall;
        Duration derivedFrom = null;
        if (budget == 0 && forDeadline) {
            derivedFrom = limits.callTimeout().compareTo(instantiationTimeout) >= 0 ? limits.callTimeout()
                    : instantiationTimeout;
            budget = PluginLoader.derivedFuel(derivedFrom);
        }
        List<byte[]> modules = component.coreModules();
        List<ComponentCoreModule> cores = new ArrayList<>(modules.size());
        for (int i = 0; i < modules.size(); i++) {
            cores.add(core(modules.get(i), label + " (core module " + i + ")", limits, budget, forDeadline));
        }
        Optional<FuelBudget> fuel = budget == 0 ? Optional.empty()
                : Optional.of(new FuelBudget(FuelMeter.FUEL_GLOBAL_EXPORT, budget, derivedFrom));
        ComponentOptions options = ComponentOptions.defaults().withLimits(
                Math.max(limits.maxInputBytes(), limits.maxOutputBytes()), ComponentOptions.DEFAULT_MAX_LIST_LENGTH,
                ComponentOptions.DEFAULT_MAX_TOTAL_UNITS);
        ComponentInstanceFactory factory = new ComponentInstanceFactory(manifest.name(), label, component, options,
                cores, limits, fuel, forDeadline, deadlines, host.apply(component).withApplication(application.instances()),
                config);
        ComponentPluginInstance first = factory.create(instantiationTimeout);
        Map<String, FuncType> functions = first.exports();
        for (String declared : manifest.exports().keySet()) {
            if (!functions.containsKey(declared)) {
                first.stop();
                throw new InvalidModuleException(label + " does not export a function \"" + declared
                        + "\", which its manifest declares in [exports." + declared + "]; it exports "
                        + functions.keySet());
            }
        }
        InstancePool<ComponentPluginInstance> pool = new InstancePool<>(manifest.name(), factory, limits.maxInstances());
        pool.offer(first);
        return new ComponentPluginVersion(manifest, source, sha256, digest, limits, grants, functions, factory, pool,
                deadlines, listeners, signature, auditLog, instantiationTimeout, iface, world.map(WorldContract::name),
                shutdownTimeout);
    }

    /** Refuses a component that does not implement the world its manifest names, naming the first difference. */
    private static void requireContract(Optional<WorldContract> world, ComponentType iface, String label) {
        if (world.isEmpty()) {
            return;
        }
        Optional<String> difference = ContractCheck.againstWorld(world.get()).firstDifference(iface);
        if (difference.isPresent()) {
            throw new IncompatiblePluginException(label + " does not implement world " + world.get().name() + ": "
                    + difference.get());
        }
    }

    /** One core module as it runs: shape-checked, tables clamped, metered when there is a budget, compiled. */
    private ComponentCoreModule core(byte[] original, String label, PluginLimits limits, long budget,
            boolean forDeadline) {
        String sha256 = ModuleCompiler.sha256(original);
        shapes.check(original, sha256, limits.module(), label);
        byte[] bytes = TableMaxima.clamp(original, limits.module().maxTableElements());
        try {
            if (budget == 0) {
                return new ComponentCoreModule(compiler.compile(bytes, bytes == original ? sha256
                        : ModuleCompiler.sha256(bytes), mode, label, limits.module().compileTimeout(), false), -1);
            }
            MeteredModule metered = forDeadline ? FuelMeter.instrumentWithSharedCounter(bytes, budget)
                    : FuelMeter.instrument(bytes, budget);
            CompiledModule module = compiler.compile(metered.bytes(), mode, label, limits.module().compileTimeout(),
                    forDeadline);
            return new ComponentCoreModule(module, definedGlobal(module.module(), metered.fuelGlobalExport()));
        } catch (InterpreterFallbackNeeded e) {
            throw new InvalidModuleException(label + " has a function too large for the compiler; a component"
                    + " plugin with one runs only on an engine in interpreter mode", e);
        }
    }

    /** The index among the module's own globals (as Chicory's global factory counts them) of the export {@code name}. */
    private static int definedGlobal(WasmModule module, String name) {
        int imported = module.importSection().count(ExternalType.GLOBAL);
        var exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            var export = exports.getExport(i);
            if (export.exportType() == ExternalType.GLOBAL && export.name().equals(name)) {
                return export.index() - imported;
            }
        }
        throw new IllegalStateException("metered module exports no global " + name);
    }
}
