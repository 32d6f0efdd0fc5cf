package dev.plinth.host.internal.pool;

import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.UnlinkableException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.error.InvalidModuleException;
import dev.plinth.api.error.PluginException;
import dev.plinth.host.internal.abi.ExtismKernel;
import dev.plinth.host.internal.abi.FuelTank;
import dev.plinth.host.internal.abi.GuestContext;
import dev.plinth.host.internal.abi.PluginVars;
import dev.plinth.host.internal.abi.UserFunctions;
import dev.plinth.host.internal.abi.WasiModule;
import dev.plinth.host.internal.abi.WasiAccess;
import dev.plinth.host.internal.abi.WasiSandbox;
import dev.plinth.host.internal.engine.CompiledModule;
import dev.plinth.host.internal.engine.FailureTranslator;
import dev.plinth.security.net.HttpGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Creates instances of one plugin version: links the Extism kernel, the granted application host
 * functions and WASI with only the granted directories, applies the memory limit, and runs
 * {@code _initialize} once. Every instance shares the version's HTTP gateway (and so its
 * effective network policy) and its file sandbox.
 */
public final class InstanceFactory {
    private static final int WASM_PAGE = 65536;

    private final String plugin;
    private final String version;
    private final CompiledModule module;
    private final Map<String, String> config;
    private final PluginVars vars;
    private final Logger logger;
    private final PluginLimits limits;
    private final Collection<dev.plinth.api.host.HostFunction> hostFunctions;
    private final MemoryLimits memoryLimits;
    private final HttpGateway http;
    private final WasiAccess wasiAccess;
    private final Optional<FuelBudget> fuel;

    public InstanceFactory(String plugin, String version, CompiledModule module, Map<String, String> config,
            PluginVars vars, Logger logger, PluginLimits limits,
            Collection<dev.plinth.api.host.HostFunction> hostFunctions, HttpGateway http, WasiAccess wasiAccess,
            Optional<FuelBudget> fuel) {
        this.wasiAccess = wasiAccess;
        this.fuel = fuel;
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

    /** A new, initialized instance. */
    public PluginInstance create() {
        GuestContext context = new GuestContext(plugin, version, config, vars, logger, limits, http);
        FuelTank tank = fuel.map(budget -> new FuelTank(plugin, budget.perCall())).orElse(null);
        if (tank != null) {
            context.meter(tank);
        }
        List<ImportFunction> functions = new ArrayList<>(ExtismKernel.functions(context));
        functions.addAll(UserFunctions.bind(hostFunctions, context));
        WasiSandbox wasi = null;
        if (module.imports(WasiModule.MODULE)) {
            wasi = WasiSandbox.create(context.logBudget(), wasiAccess, context);
            functions.addAll(List.of(wasi.functions()));
        }
        try {
            GrowthRecordingMemory[] memory = new GrowthRecordingMemory[1];
            Instance instance = Instance.builder(module.module())
                    .withImportValues(ImportValues.builder().withFunctions(imported(functions)).build())
                    .withMachineFactory(module.machineFactory())
                    .withMemoryLimits(memoryLimits)
                    .withMemoryFactory(limits -> memory[0] = new GrowthRecordingMemory(limits))
                    .build();
            if (tank != null) {
                tank.attach(instance.exports().global(fuel.get().counterGlobal()));
                tank.fill();
            }
            if (module.reactor()) {
                instance.export("_initialize").apply();
            }
            return new PluginInstance(instance, context, wasi, memory[0], tank);
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            if (wasi != null) {
                wasi.close();
            }
            if (e instanceof InvalidException || e instanceof UnlinkableException || e instanceof MalformedException
                    || e instanceof AssertionError) {
                throw new InvalidModuleException("plugin " + plugin + " cannot be instantiated: " + e.getMessage(), e);
            }
            PluginException translated = FailureTranslator.translate(e, plugin,
                    module.reactor() ? "_initialize" : "<start>", module, Duration.ZERO, false);
            throw translated;
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

    private static MemoryLimits memoryLimits(CompiledModule module, PluginLimits limits) {
        int limitPages = (int) Math.min(limits.maxMemory().toBytes() / WASM_PAGE, MemoryLimits.MAX_PAGES);
        int max = module.maxPages() < 0 ? limitPages : Math.min(limitPages, module.maxPages());
        return new MemoryLimits(module.initialPages(), Math.max(max, module.initialPages()));
    }
}
