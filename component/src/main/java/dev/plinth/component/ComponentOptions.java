package dev.plinth.component;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import java.util.Objects;
import java.util.function.Function;

/**
 * How a component is instantiated and how much one call may move: the largest string (bytes) and list
 * (elements) lifted or lowered, the total of list elements and string bytes over one call, and the
 * Chicory machine its core modules run on (the interpreter unless given; the host passes its compiler), and the
 * {@link CoreModuleHook} through which a host parses and builds each core module (its fuel, memory limits,
 * compiled machine).
 */
public record ComponentOptions(long maxStringBytes, long maxListLength, long maxTotalUnits,
        Function<Instance, Machine> machineFactory, CoreModuleHook coreModules) {


    public static final long DEFAULT_MAX_STRING_BYTES = 16L << 20;
    public static final long DEFAULT_MAX_LIST_LENGTH = 1L << 20;
    public static final long DEFAULT_MAX_TOTAL_UNITS = 64L << 20;

    public ComponentOptions {
        if (maxStringBytes < 0 || maxListLength < 0 || maxTotalUnits < 0) {
            throw new IllegalArgumentException("limits are not negative");
        }
        Objects.requireNonNull(machineFactory, "machineFactory");
        Objects.requireNonNull(coreModules, "coreModules");
    }

    /** Options whose core modules are parsed and built as they are. */
    public ComponentOptions(long maxStringBytes, long maxListLength, long maxTotalUnits,
            Function<Instance, Machine> machineFactory) {
        this(maxStringBytes, maxListLength, maxTotalUnits, machineFactory, CoreModuleHook.DEFAULT);
    }

    /** 16 MiB strings, lists of a million elements, 64 Mi units a call, on the interpreter. */
    public static ComponentOptions defaults() {
        return new ComponentOptions(DEFAULT_MAX_STRING_BYTES, DEFAULT_MAX_LIST_LENGTH, DEFAULT_MAX_TOTAL_UNITS,
                InterpreterMachine::new);
    }

    public ComponentOptions withLimits(long strings, long lists, long total) {
        return new ComponentOptions(strings, lists, total, machineFactory, coreModules);
    }

    public ComponentOptions withMachineFactory(Function<Instance, Machine> factory) {
        return new ComponentOptions(maxStringBytes, maxListLength, maxTotalUnits, factory, coreModules);
    }

    /**
     * These options with {@code hook} parsing and building the core modules; the machine factory is still set on
     * each builder first, so a hook may keep it or set its own.
     */
    public ComponentOptions withCoreModules(CoreModuleHook hook) {
        return new ComponentOptions(maxStringBytes, maxListLength, maxTotalUnits, machineFactory, hook);
    }
}
