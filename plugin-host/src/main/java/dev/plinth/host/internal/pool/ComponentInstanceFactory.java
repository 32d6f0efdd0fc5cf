package dev.plinth.host.internal.pool;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.plinth.abi.FuelTank;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.error.MemoryLimitException;
import dev.plinth.api.error.InvalidModuleException;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.component.Component;
import dev.plinth.component.ComponentInstance;
import dev.plinth.component.ComponentOptions;
import dev.plinth.component.CoreModuleHook;
import dev.plinth.component.value.Value;
import dev.plinth.host.internal.component.ComponentHost;
import dev.plinth.host.internal.component.ComponentLifecycle;
import dev.plinth.host.internal.engine.CompiledModule;
import dev.plinth.host.internal.engine.Containment;
import dev.plinth.host.internal.engine.FailureTranslator;
import dev.plinth.host.internal.pool.CallDeadlines.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates instances of one component plugin version: its core modules prepared once by the loader (checked,
 * metered, compiled), each instance's core memories made
 * within the plugin's memory limit together ({@link GrowthRecordingMemory}), its core modules sharing one
 * fuel counter ({@link FuelCounterFactory}), and the whole instantiation (start functions included) run
 * under a deadline and the fuel budget, as {@link InstanceFactory} does for core-module plugins. Last, a
 * component that exports {@code plinth:plugin/lifecycle}'s {@code initialize} has it called with the config, under
 * the same deadline, on every instance, as a core module's {@code plinth_initialize} is: an {@code err}, a trap, a
 * hang or spent fuel is the instance's creation failing.
 */
public final class ComponentInstanceFactory implements InstancePool.Factory<ComponentPluginInstance> {
    private static final int WASM_PAGE = 65536;

    private final String plugin;
    private final Component component;
    private final ComponentOptions options;
    private final List<ComponentCoreModule> cores;
    private final int limitPages;
    private final Optional<FuelBudget> fuel;
    private final boolean sharedCounter;
    private final CallDeadlines deadlines;
    private final ComponentHost host;
    private final String label;
    private final List<Value> initializeArgs;
    /** What of the lifecycle the component exports; read from the first instance made. */
    private volatile ComponentLifecycle lifecycle;

    /**
     * @param cores the component's core modules as they run, in index order ({@link Component#coreModules()})
     * @param fuel the budget each call (and each instantiation) gets, when the version is metered
     * @param sharedCounter whether the modules read the counter at every charge, so that a deadline can drain it
     * @param host what the instances import: WASI 0.2 and the plinth services granted
     */
    public ComponentInstanceFactory(String plugin, Component component, ComponentOptions options,
            List<ComponentCoreModule> cores, PluginLimits limits, Optional<FuelBudget> fuel,
            boolean sharedCounter, CallDeadlines deadlines, ComponentHost host) {
        this(plugin, plugin, component, options, cores, limits, fuel, sharedCounter, deadlines, host, Map.of());
    }

    /**
     * The same, with the config that {@code initialize} gets.
     *
     * @param label how errors name the component (its file)
     * @param config the plugin's config ({@code [config]} of its manifest and the host's overrides)
     */
    public ComponentInstanceFactory(String plugin, String label, Component component, ComponentOptions options,
            List<ComponentCoreModule> cores, PluginLimits limits, Optional<FuelBudget> fuel,
            boolean sharedCounter, CallDeadlines deadlines, ComponentHost host, Map<String, String> config) {
        this.host = host;
        this.label = label;
        this.initializeArgs = ComponentLifecycle.initializeArgs(config);
        this.plugin = plugin;
        this.component = component;
        this.options = options;
        this.cores = List.copyOf(cores);
        this.limitPages = (int) Math.min(limits.maxMemory().toBytes() / WASM_PAGE, MemoryLimits.MAX_PAGES);
        this.fuel = fuel;
        this.sharedCounter = sharedCounter;
        this.deadlines = deadlines;
    }

    /**
     * Why a core module runs in Chicory's interpreter though the engine compiles (it uses SIMD), the first such
     * reason; empty when all are compiled or the engine interprets everything.
     */
    public Optional<String> interpreted() {
        return cores.stream().map(core -> core.module().interpreted()).flatMap(Optional::stream).findFirst();
    }

    /** The fuel budget of each call, as the operator set it; empty when unmetered or derived from the deadline. */
    @Override
    public java.util.OptionalLong fuelPerCall() {
        return fuel.filter(budget -> budget.deadline().isEmpty())
                .map(budget -> java.util.OptionalLong.of(budget.perCall())).orElse(java.util.OptionalLong.empty());
    }

    /** The first core module, by which failures name wasm functions; {@code null} for a component without one. */
    public CompiledModule mainCore() {
        return cores.isEmpty() ? null : cores.get(0).module();
    }

    /**
     * What of the lifecycle the component exports, as the first instance made showed; {@link ComponentLifecycle#NONE}
     * before one was made.
     */
    public ComponentLifecycle lifecycle() {
        ComponentLifecycle known = lifecycle;
        return known == null ? ComponentLifecycle.NONE : known;
    }

    /**
     * A new instance, initialized, made under a deadline of {@code timeout} and the fuel budget: a hang is
     * {@code timeout},
     * spent fuel {@code fuel-exhausted}, memories that start above the limit (or the host's heap running out)
     * {@code memory-limit}, a component that does not link (or exports a lifecycle function of another type)
     * {@code invalid-module}, an {@code initialize} that returns {@code err} {@code plugin-error} with its message.
     *
     * @throws InstanceCreationException with the typed error
     */
    @Override
    public ComponentPluginInstance create(Duration timeout) {
        FuelTank tank = fuel.map(budget -> new FuelTank(plugin, budget.perCall(), budget.derivedFrom())).orElse(null);
        FuelCounterFactory.Counter counter = tank == null ? null : new FuelCounterFactory.Counter(tank, sharedCounter);
        MemoryBudget memory = new MemoryBudget(limitPages);
        List<Instance> instances = new ArrayList<>();
        CoreModuleHook hook = new CoreModuleHook() {
            @Override
            public WasmModule module(int index, byte[] bytes) {
                return cores.get(index).module().module();
            }

            @Override
            public Instance build(int index, Instance.Builder builder) {
                ComponentCoreModule core = cores.get(index);
                builder.withMachineFactory(core.module().machineFactory())
                        .withMemoryFactory(declared -> new GrowthRecordingMemory(declared, memory));
                if (counter != null && core.fuelGlobal() >= 0) {
                    builder.withGlobalFactory(new FuelCounterFactory(core.fuelGlobal(), counter));
                }
                Instance instance = builder.build();
                instances.add(instance);
                return instance;
            }
        };
        ComponentHost.Imports imports = host.instance(tank);
        try (Deadline deadline = deadlines.arm(timeout, tank == null ? null : tank::stop)) {
            String phase = InstanceFactory.INSTANTIATION;
            imports.begin(phase);
            try {
                ComponentInstance instance;
                try {
                    instance = component.instantiate(options.withCoreModules(hook), imports.imports());
                } finally {
                    imports.end();
                }
                ComponentPluginInstance made = new ComponentPluginInstance(instance, instances, memory, tank, imports);
                Optional<String> initialize = lifecycle(instance).initialize();
                if (initialize.isPresent()) {
                    phase = initialize.get();
                    Optional<String> refused = ComponentLifecycle.failure(made.call(phase, initializeArgs));
                    if (refused.isPresent()) {
                        imports.close();
                        // initialize ran to its end and said no: the plugin's own message
                        throw new InstanceCreationException(new PluginFailureException(plugin, phase, 1,
                                refused.get()), phase);
                    }
                }
                return made;
            } catch (InstanceCreationException e) {
                throw e;
            } catch (RuntimeException | Error e) {
                imports.close();
                Containment.rethrowIfNotContained(e);
                throw new InstanceCreationException(translate(e, phase, tank, timeout, deadline.fired()), phase);
            }
        }
    }

    /** The component's lifecycle functions, read (and their types checked) once, from its first instance. */
    private ComponentLifecycle lifecycle(ComponentInstance instance) {
        ComponentLifecycle known = lifecycle;
        if (known == null) {
            try {
                known = ComponentLifecycle.of(instance.exports(), label);
            } catch (InvalidModuleException e) {
                throw new InstanceCreationException(e, InstanceFactory.INSTANTIATION);
            }
            lifecycle = known;
        }
        return known;
    }

    private PluginException translate(Throwable e, String phase, FuelTank tank, Duration timeout,
            boolean deadlineFired) {
        if (FailureTranslator.outOfMemory(e) == null && !deadlineFired && tank != null && tank.exhausted()) {
            return tank.exhaustedError(plugin + "." + phase);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MemoryLimitException limit) {
                return limit;
            }
        }
        return FailureTranslator.translate(e, plugin, phase, mainCore(), timeout, deadlineFired);
    }
}
