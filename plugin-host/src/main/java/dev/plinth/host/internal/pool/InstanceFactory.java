package dev.plinth.host.internal.pool;

import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Store;
import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.UnlinkableException;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.error.InvalidModuleException;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.api.lifecycle.LifecycleExports;
import dev.plinth.api.host.RawHostFunction;
import dev.plinth.abi.ExtismKernel;
import dev.plinth.abi.FuelTank;
import dev.plinth.abi.GuestContext;
import dev.plinth.abi.EventAccess;
import dev.plinth.abi.EventFunctions;
import dev.plinth.abi.KvAccess;
import dev.plinth.abi.KvFunctions;
import dev.plinth.abi.VarStore;
import dev.plinth.abi.UserFunctions;
import dev.plinth.abi.WasiAccess;
import dev.plinth.abi.WasiModule;
import dev.plinth.abi.WasiSandbox;
import dev.plinth.host.internal.engine.CompiledModule;
import dev.plinth.host.internal.engine.Containment;
import dev.plinth.host.internal.engine.FailureTranslator;
import dev.plinth.host.internal.engine.GuestRuntime;
import dev.plinth.host.internal.lifecycle.LifecycleJson;
import dev.plinth.host.internal.pool.CallDeadlines.Deadline;
import dev.plinth.sandbox.net.HttpGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Creates instances of one plugin version: links the Extism kernel, the granted application host
 * functions and WASI with only the granted directories, keeps all linear memory within the memory
 * limit, and runs the modules' initialization (their start sections, then the main module's
 * language runtime's initializers as Extism calls them, {@link GuestRuntime}) once, under a
 * deadline and the fuel budget. A WASI command's {@code _start} is not run here: it is a plugin
 * function, called when a caller asks for it. Last, a main module that exports
 * {@code plinth_initialize} has it called with the config as JSON, under the same deadline, on
 * every instance: each has its own memory for what the plugin sets up, and a failure (non-zero,
 * an error set, a trap) is the instance's creation failing. Every instance shares the version's HTTP gateway
 * (and so its effective network policy) and its file sandbox.
 *
 * <p>A plugin of several modules ({@link LinkedModule}) gets one instance of each module per
 * plugin instance, made in dependency order (a module after those it imports from, the main
 * module last), each initialized before the next is made, as Extism's linker does: an import
 * names the module it comes from, and another module of the plugin is looked up first (its
 * functions, memories, tables, globals), then the host. All of them share the plugin instance's
 * Extism kernel, WASI, fuel counter, memory budget and deadline.
 */
public final class InstanceFactory implements InstancePool.Factory<PluginInstance> {
    private static final int WASM_PAGE = 65536;
    /** How failures of the module's start section are named (as a function would be). */
    static final String START_SECTION = "<start>";
    /** How failures while linking and allocating an instance are named. */
    static final String INSTANTIATION = "<instantiate>";

    private final String plugin;
    private final String version;
    /** In instantiation order: every module after those it imports from, the main module last. */
    private final List<LinkedModule> modules;
    private final LinkedModule main;
    private final Set<String> moduleNames;
    private final boolean wasi;
    private final Map<String, String> config;
    private final VarStore vars;
    private final Logger logger;
    private final PluginLimits limits;
    private final Collection<RawHostFunction> hostFunctions;
    private final int limitPages;
    private final HttpGateway http;
    private final WasiAccess wasiAccess;
    private final Optional<FuelBudget> fuel;
    private final int[] fuelGlobalIndex;
    private final boolean sharedCounter;
    private final CallDeadlines deadlines;
    /** The config as JSON, for the main module's {@code plinth_initialize}; {@code null} when it exports none. */
    private final byte[] initializeInput;
    /** The version's key-value store, or {@code null} when it has none. */
    private final KvAccess kv;
    /** The version's events, or {@code null} when it has none. */
    private final EventAccess events;

    /** The operator's fuel budget of each call; empty when unmetered or metered only for the deadline. */
    @Override
    public OptionalLong fuelPerCall() {
        return fuel.filter(budget -> budget.deadline().isEmpty())
                .map(budget -> OptionalLong.of(budget.perCall())).orElse(OptionalLong.empty());
    }

    /**
     * @param modules the plugin's modules in instantiation order: each after the modules it
     *     imports from, the main module last
     * @param sharedCounter whether the modules read and write the fuel counter at every charge
     *     ({@code FuelMeter.instrumentWithSharedCounter}), so that a deadline can drain it
     */
    public InstanceFactory(String plugin, String version, List<LinkedModule> modules, Map<String, String> config,
            VarStore vars, Logger logger, PluginLimits limits,
            Collection<RawHostFunction> hostFunctions, HttpGateway http, WasiAccess wasiAccess,
            Optional<FuelBudget> fuel, boolean sharedCounter, CallDeadlines deadlines) {
        this(plugin, version, modules, config, vars, logger, limits, hostFunctions, http, wasiAccess, fuel,
                sharedCounter, deadlines, null);
    }

    /**
     * The same, with the plugin's key-value store ({@code plinth:host/kv}) when it is granted one.
     *
     * @param kv the version's store under its quota, or {@code null} when it has none
     */
    public InstanceFactory(String plugin, String version, List<LinkedModule> modules, Map<String, String> config,
            VarStore vars, Logger logger, PluginLimits limits,
            Collection<RawHostFunction> hostFunctions, HttpGateway http, WasiAccess wasiAccess,
            Optional<FuelBudget> fuel, boolean sharedCounter, CallDeadlines deadlines, KvAccess kv) {
        this(plugin, version, modules, config, vars, logger, limits, hostFunctions, http, wasiAccess, fuel,
                sharedCounter, deadlines, kv, null);
    }

    /**
     * The same, with the plugin's events ({@code plinth:host/events}) when it is granted them.
     *
     * @param events the version's way to emit, or {@code null} when it has none
     */
    public InstanceFactory(String plugin, String version, List<LinkedModule> modules, Map<String, String> config,
            VarStore vars, Logger logger, PluginLimits limits,
            Collection<RawHostFunction> hostFunctions, HttpGateway http, WasiAccess wasiAccess,
            Optional<FuelBudget> fuel, boolean sharedCounter, CallDeadlines deadlines, KvAccess kv,
            EventAccess events) {
        this.kv = kv;
        this.events = events;
        if (modules.isEmpty() || !modules.get(modules.size() - 1).isMain()) {
            throw new IllegalArgumentException("the main module comes last");
        }
        this.modules = List.copyOf(modules);
        this.main = this.modules.get(this.modules.size() - 1);
        this.moduleNames = new HashSet<>();
        for (LinkedModule linked : this.modules) {
            moduleNames.add(linked.name());
        }
        this.wasi = this.modules.stream().anyMatch(linked -> linked.module().imports(WasiModule.MODULE));
        this.wasiAccess = wasiAccess;
        this.fuel = fuel;
        this.sharedCounter = sharedCounter;
        this.deadlines = deadlines;
        this.fuelGlobalIndex = new int[this.modules.size()];
        for (int i = 0; i < this.modules.size(); i++) {
            LinkedModule linked = this.modules.get(i);
            fuelGlobalIndex[i] = fuel.isEmpty() ? -1 : exportedGlobal(linked.module(), linked.fuelCounter()
                    .orElseThrow(() -> new IllegalArgumentException("module " + linked.name() + " is not metered")));
        }
        this.plugin = plugin;
        this.version = version;
        this.config = Map.copyOf(config);
        this.vars = vars;
        this.logger = logger;
        this.limits = limits;
        this.hostFunctions = List.copyOf(hostFunctions);
        this.limitPages = (int) Math.min(limits.maxMemory().toBytes() / WASM_PAGE, MemoryLimits.MAX_PAGES);
        this.http = http;
        this.initializeInput = main.module().callable().contains(LifecycleExports.INITIALIZE)
                ? LifecycleJson.config(this.config) : null;
    }

    /** The instances of a plugin made of one module. */
    public InstanceFactory(String plugin, String version, CompiledModule module, Map<String, String> config,
            VarStore vars, Logger logger, PluginLimits limits,
            Collection<RawHostFunction> hostFunctions, HttpGateway http, WasiAccess wasiAccess,
            Optional<FuelBudget> fuel, boolean sharedCounter, CallDeadlines deadlines) {
        this(plugin, version, List.of(LinkedModule.main(module, plugin, fuel.map(FuelBudget::counterGlobal))), config,
                vars, logger, limits, hostFunctions, http, wasiAccess, fuel, sharedCounter, deadlines);
    }

    /** The most pages the main module's memory 0 may have: the limit, or the module's own smaller maximum. */
    public int maxPages() {
        CompiledModule module = main.module();
        int max = module.maxPages() < 0 ? limitPages : Math.min(limitPages, module.maxPages());
        return Math.max(max, module.initialPages());
    }

    /**
     * A new, initialized plugin instance. For each module in turn, under a deadline of
     * {@code timeout} and the version's fuel budget (one budget for all of it): link and allocate
     * its instance, run its start section, then its initializers (the main module's runtime,
     * {@link GuestRuntime}: {@code _initialize}, {@code hs_init}, {@code __wasm_call_ctors}, as
     * Extism calls them; another module's {@code _initialize}). A hang ends at the deadline as
     * {@code timeout}, spent fuel is {@code fuel-exhausted}, the host's heap running out or memories
     * starting above the limit are {@code memory-limit}.
     *
     * @throws InstanceCreationException with the typed error and the phase that failed
     */
    @Override
    public PluginInstance create(Duration timeout) {
        GuestContext context = new GuestContext(plugin, version, config, vars, logger, limits, http);
        FuelTank tank = fuel.map(budget -> new FuelTank(plugin, budget.perCall(), budget.derivedFrom())).orElse(null);
        if (tank != null) {
            context.meter(tank);
        }
        WasiSandbox sandbox = null;
        PluginInstance made = null;
        String phase = INSTANTIATION;
        LinkedModule current = main;
        try {
            List<ImportFunction> host = new ArrayList<>(ExtismKernel.functions(context));
            host.addAll(UserFunctions.bind(hostFunctions, context));
            if (kv != null) {
                host.addAll(KvFunctions.functions(context, kv));
            }
            if (events != null) {
                host.addAll(EventFunctions.functions(context, events));
            }
            if (wasi) {
                sandbox = WasiSandbox.create(context.logBudget(), wasiAccess, context);
                host.addAll(List.of(sandbox.functions()));
            }
            MemoryBudget memory = new MemoryBudget(limitPages);
            FuelCounterFactory.Counter counter = tank == null ? null : new FuelCounterFactory.Counter(tank, sharedCounter);
            Store linked = new Store();
            List<Instance> instances = new ArrayList<>(modules.size());
            try (Deadline deadline = deadlines.arm(timeout, tank == null ? null : tank::stop)) {
                context.deadline(deadline::fired);
                try {
                    for (int i = 0; i < modules.size(); i++) {
                        current = modules.get(i);
                        phase = current.phase(INSTANTIATION);
                        Instance instance = build(current, host, linked, memory, context,
                                counter == null ? null : new FuelCounterFactory(fuelGlobalIndex[i], counter));
                        instances.add(instance);
                        phase = current.phase(current.module().module().startSection().isPresent() ? START_SECTION
                                : INSTANTIATION);
                        instance.initialize(false);
                        for (GuestRuntime.Step step : current.runtime().steps()) {
                            phase = current.phase(step.export());
                            instance.export(step.export()).apply(step.args());
                        }
                        if (!current.isMain()) {
                            linked.register(current.name(), instance);
                        }
                    }
                    made = new PluginInstance(instances.get(instances.size() - 1), instances, context, sandbox,
                            memory, tank);
                    if (initializeInput != null) {
                        phase = LifecycleExports.INITIALIZE;
                        made.call(LifecycleExports.INITIALIZE, initializeInput, deadline::fired);
                    }
                } catch (PluginFailureException e) {
                    // plinth_initialize ran to its end and said no: the plugin's own message, as it set it
                    throw new InstanceCreationException(e, phase);
                } catch (RuntimeException | Error e) {
                    Containment.rethrowIfNotContained(e);
                    throw new InstanceCreationException(translate(e, phase, current, tank, timeout, deadline.fired()),
                            phase);
                } finally {
                    context.deadline(null);
                }
            }
            return made;
        } catch (InstanceCreationException e) {
            close(sandbox);
            throw e;
        } catch (RuntimeException | Error e) {
            Containment.rethrowIfNotContained(e);
            close(sandbox);
            throw new InstanceCreationException(translate(e, phase, current, tank, timeout, false), phase);
        }
    }

    /**
     * One module's instance, linked and allocated, not initialized: its imports from the modules
     * made before it (in {@code linked}) first, then the host's functions it imports; each memory
     * it declares within the plugin instance's memory budget, but its kernel memory, if its kernel
     * functions were inlined: that is the plugin instance's Extism memory, the same object for every
     * module, so that they and the host see the same blocks.
     */
    private Instance build(LinkedModule module, List<ImportFunction> host, Store linked, MemoryBudget memory,
            GuestContext context, FuelCounterFactory fuelCounter) {
        ImportValues fromModules = linked.toImportValues();
        ImportValues imports = ImportValues.builder()
                .withFunctions(imported(host, module.module()))
                .addFunction(fromModules.functions())
                .addMemory(fromModules.memories())
                .addTable(fromModules.tables())
                .addGlobal(fromModules.globals())
                .addTag(fromModules.tags())
                .build();
        Instance.Builder builder = Instance.builder(module.module().module())
                .withImportValues(imports)
                .withMachineFactory(module.module().machineFactory())
                .withMemoryFactory(new java.util.function.Function<>() {
                    private int defined;

                    @Override
                    public com.dylibso.chicory.runtime.Memory apply(MemoryLimits declared) {
                        return defined++ == module.kernelMemory() ? context.kernelMemory()
                                : new GrowthRecordingMemory(declared, memory);
                    }
                })
                .withInitialize(false);
        if (fuelCounter != null) {
            builder.withGlobalFactory(fuelCounter);
        }
        return builder.build();
    }

    private PluginException translate(Throwable e, String phase, LinkedModule module, FuelTank tank, Duration timeout,
            boolean deadlineFired) {
        if (e instanceof InvalidException || e instanceof UnlinkableException || e instanceof MalformedException
                || e instanceof AssertionError) {
            String which = module.isMain() || modules.size() == 1 ? "" : " (module " + module.name() + ", "
                    + module.label() + ")";
            return new InvalidModuleException("plugin " + plugin + " cannot be instantiated" + which + ": "
                    + e.getMessage(), e);
        }
        if (!deadlineFired && FailureTranslator.outOfMemory(e) == null && tank != null && tank.exhausted()) {
            return tank.exhaustedError(plugin + "." + phase);
        }
        return FailureTranslator.translate(e, plugin, phase, module.module(), timeout, deadlineFired);
    }

    private static void close(WasiSandbox wasi) {
        if (wasi != null) {
            try {
                wasi.close();
            } catch (RuntimeException e) {
                // nothing to keep of a sandbox that never served
            }
        }
    }

    /**
     * Only the host functions the module imports, so that unused host functions are not linked, and
     * none of a module name another module of the plugin takes: that module provides its imports.
     */
    private List<ImportFunction> imported(List<ImportFunction> functions, CompiledModule module) {
        List<ImportFunction> wanted = new ArrayList<>();
        for (ImportFunction f : functions) {
            Map<String, ?> names = module.imports().get(f.module());
            if (names != null && names.containsKey(f.name()) && !moduleNames.contains(f.module())) {
                wanted.add(f);
            }
        }
        return wanted;
    }

    /** The index of the global exported as {@code name}: the fuel counter the meter added. */
    /**
     * The position of the exported global {@code name} among the globals the module defines, which is
     * how Chicory's {@link com.dylibso.chicory.runtime.GlobalFactory} counts them: the export's index
     * counts the imported globals first.
     */
    private static int exportedGlobal(CompiledModule module, String name) {
        var imports = module.module().importSection();
        int importedGlobals = 0;
        for (int i = 0; i < imports.importCount(); i++) {
            if (imports.getImport(i).importType() == ExternalType.GLOBAL) {
                importedGlobals++;
            }
        }
        var exports = module.module().exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            var export = exports.getExport(i);
            if (export.exportType() == ExternalType.GLOBAL && export.name().equals(name)) {
                if (export.index() < importedGlobals) {
                    throw new IllegalStateException("metered module's " + name + " is an imported global");
                }
                return export.index() - importedGlobals;
            }
        }
        throw new IllegalStateException("metered module exports no global " + name);
    }
}
