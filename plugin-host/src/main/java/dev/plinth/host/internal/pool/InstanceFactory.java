package dev.plinth.host.internal.pool;

import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.UnlinkableException;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.error.InvalidModuleException;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.host.RawHostFunction;
import dev.plinth.abi.ExtismKernel;
import dev.plinth.abi.FuelTank;
import dev.plinth.abi.GuestContext;
import dev.plinth.abi.VarStore;
import dev.plinth.abi.UserFunctions;
import dev.plinth.abi.WasiAccess;
import dev.plinth.abi.WasiModule;
import dev.plinth.abi.WasiSandbox;
import dev.plinth.host.internal.engine.CompiledModule;
import dev.plinth.host.internal.engine.Containment;
import dev.plinth.host.internal.engine.FailureTranslator;
import dev.plinth.host.internal.engine.GuestRuntime;
import dev.plinth.host.internal.pool.CallDeadlines.Deadline;
import dev.plinth.sandbox.net.HttpGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Creates instances of one plugin version: links the Extism kernel, the granted application host
 * functions and WASI with only the granted directories, applies the memory limit, and runs the
 * module's initialization (its start section, then its language runtime's initializers as Extism
 * calls them, {@link GuestRuntime}) once, under a deadline and the fuel budget. A WASI command's
 * {@code _start} is not run here: it is a plugin function, called when a caller asks for it. Every instance shares the version's HTTP gateway (and so its
 * effective network policy) and its file sandbox.
 */
public final class InstanceFactory {
    private static final int WASM_PAGE = 65536;
    /** How failures of the module's start section are named (as a function would be). */
    static final String START_SECTION = "<start>";
    /** How failures while linking and allocating an instance are named. */
    static final String INSTANTIATION = "<instantiate>";

    private final String plugin;
    private final String version;
    private final CompiledModule module;
    private final Map<String, String> config;
    private final VarStore vars;
    private final Logger logger;
    private final PluginLimits limits;
    private final Collection<RawHostFunction> hostFunctions;
    private final MemoryLimits memoryLimits;
    private final HttpGateway http;
    private final WasiAccess wasiAccess;
    private final Optional<FuelBudget> fuel;
    private final int fuelGlobalIndex;
    private final boolean sharedCounter;
    private final CallDeadlines deadlines;

    /**
     * @param sharedCounter whether the module reads and writes the fuel counter at every charge
     *     ({@code FuelMeter.instrumentWithSharedCounter}), so that a deadline can drain it
     */
    public InstanceFactory(String plugin, String version, CompiledModule module, Map<String, String> config,
            VarStore vars, Logger logger, PluginLimits limits, Collection<RawHostFunction> hostFunctions,
            HttpGateway http, WasiAccess wasiAccess,
            Optional<FuelBudget> fuel, boolean sharedCounter, CallDeadlines deadlines) {
        this.wasiAccess = wasiAccess;
        this.fuel = fuel;
        this.sharedCounter = sharedCounter;
        this.deadlines = deadlines;
        this.fuelGlobalIndex = fuel.map(budget -> exportedGlobal(module, budget.counterGlobal())).orElse(-1);
        this.plugin = plugin;
        this.version = version;
        this.module = module;
        this.config = Map.copyOf(config);
        this.vars = vars;
        this.logger = logger;
        this.limits = limits;
        this.hostFunctions = List.copyOf(hostFunctions);
        this.memoryLimits = memoryLimits(module, limits);
        this.http = http;
    }

    /** The most pages an instance may have: the limit, or the module's own smaller maximum. */
    public int maxPages() {
        return memoryLimits.maximumPages();
    }

    /**
     * A new, initialized instance. Linking and allocating happen first; then, under a deadline of
     * {@code timeout} and the version's fuel budget (one budget for all of it), the module's start
     * section and its runtime's initializers ({@link GuestRuntime}: {@code _initialize},
     * {@code hs_init}, {@code __wasm_call_ctors}, as Extism calls them). A hang ends at the deadline as {@code timeout}, spent
     * fuel is {@code fuel-exhausted}, the host's heap running out is {@code memory-limit}.
     *
     * @throws InstanceCreationException with the typed error and the phase that failed
     */
    public PluginInstance create(Duration timeout) {
        GuestContext context = new GuestContext(plugin, version, config, vars, logger, limits, http);
        FuelTank tank = fuel.map(budget -> new FuelTank(plugin, budget.perCall(), budget.derivedFrom())).orElse(null);
        if (tank != null) {
            context.meter(tank);
        }
        WasiSandbox wasi = null;
        String phase = INSTANTIATION;
        try {
            List<ImportFunction> functions = new ArrayList<>(ExtismKernel.functions(context));
            functions.addAll(UserFunctions.bind(hostFunctions, context));
            if (module.imports(WasiModule.MODULE)) {
                wasi = WasiSandbox.create(context.logBudget(), wasiAccess, context);
                functions.addAll(List.of(wasi.functions()));
            }
            GrowthRecordingMemory[] memory = new GrowthRecordingMemory[1];
            Instance.Builder builder = Instance.builder(module.module())
                    .withImportValues(ImportValues.builder().withFunctions(imported(functions)).build())
                    .withMachineFactory(module.machineFactory())
                    .withMemoryLimits(memoryLimits)
                    .withMemoryFactory(limits -> memory[0] = new GrowthRecordingMemory(limits))
                    .withInitialize(false);
            if (tank != null) {
                builder.withGlobalFactory(new FuelCounterFactory(fuelGlobalIndex, tank, sharedCounter));
            }
            Instance instance = builder.build();
            try (Deadline deadline = deadlines.arm(timeout, tank == null ? null : tank::stop)) {
                context.deadline(deadline::fired);
                try {
                    phase = module.module().startSection().isPresent() ? START_SECTION : INSTANTIATION;
                    instance.initialize(false);
                    for (GuestRuntime.Step step : module.runtime().steps()) {
                        phase = step.export();
                        instance.export(step.export()).apply(step.args());
                    }
                } catch (RuntimeException | Error e) {
                    Containment.rethrowIfNotContained(e);
                    throw new InstanceCreationException(translate(e, phase, tank, timeout, deadline.fired()), phase);
                } finally {
                    context.deadline(null);
                }
            }
            return new PluginInstance(instance, context, wasi, memory[0], tank);
        } catch (InstanceCreationException e) {
            close(wasi);
            throw e;
        } catch (RuntimeException | Error e) {
            Containment.rethrowIfNotContained(e);
            close(wasi);
            throw new InstanceCreationException(translate(e, phase, tank, timeout, false), phase);
        }
    }

    private PluginException translate(Throwable e, String phase, FuelTank tank, Duration timeout,
            boolean deadlineFired) {
        if (e instanceof InvalidException || e instanceof UnlinkableException || e instanceof MalformedException
                || e instanceof AssertionError) {
            return new InvalidModuleException("plugin " + plugin + " cannot be instantiated: " + e.getMessage(), e);
        }
        if (!deadlineFired && FailureTranslator.outOfMemory(e) == null && tank != null && tank.exhausted()) {
            return tank.exhaustedError(plugin + "." + phase);
        }
        return FailureTranslator.translate(e, plugin, phase, module, timeout, deadlineFired);
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

    /** Only what the module imports, so that unused host functions are not linked. */
    private List<ImportFunction> imported(List<ImportFunction> functions) {
        List<ImportFunction> wanted = new ArrayList<>();
        for (ImportFunction f : functions) {
            Map<String, ?> names = module.imports().get(f.module());
            if (names != null && names.containsKey(f.name())) {
                wanted.add(f);
            }
        }
        return wanted;
    }

    /** The index of the global exported as {@code name}: the fuel counter the meter added. */
    private static int exportedGlobal(CompiledModule module, String name) {
        var exports = module.module().exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            var export = exports.getExport(i);
            if (export.exportType() == ExternalType.GLOBAL && export.name().equals(name)) {
                return export.index();
            }
        }
        throw new IllegalStateException("metered module exports no global " + name);
    }

    private static MemoryLimits memoryLimits(CompiledModule module, PluginLimits limits) {
        int limitPages = (int) Math.min(limits.maxMemory().toBytes() / WASM_PAGE, MemoryLimits.MAX_PAGES);
        int max = module.maxPages() < 0 ? limitPages : Math.min(limitPages, module.maxPages());
        return new MemoryLimits(module.initialPages(), Math.max(max, module.initialPages()));
    }
}
