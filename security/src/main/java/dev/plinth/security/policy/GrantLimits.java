package dev.plinth.security.policy;

import dev.plinth.api.LogLimits;
import dev.plinth.api.ModuleLimits;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.WriteQuota;
import dev.plinth.api.unit.DataSize;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A value for every {@link Limit}: the ceilings of a policy, the host's fallback values, or the
 * limits a plugin effectively runs under. Immutable.
 */
public final class GrantLimits {
    /** wasm32 addresses at most 4 GB. */
    private static final long MAX_WASM_MEMORY = DataSize.ofGigabytes(4).toBytes();
    private static final long GIGABYTE = DataSize.ofGigabytes(1).toBytes();
    private static final long TERABYTE = 1024 * GIGABYTE;

    /**
     * Conservative values: memory 64MB, cpu-time 5s, fuel 1,000,000,000, max-instances 4,
     * max-input and max-output 16MB, max-vars 1MB, and the defaults of {@link LogLimits},
     * {@link ModuleLimits} and {@link WriteQuota}. The ceilings of a policy that does not say
     * otherwise (and of every policy file), and the host's fallback values.
     */
    public static final GrantLimits CONSERVATIVE = fallbackFrom(PluginLimits.DEFAULTS, 1_000_000_000L);

    /**
     * The most anything may ask for: memory 4GB (all a wasm32 memory can address), cpu-time 1h,
     * unlimited fuel, 1024 instances (the manifest's maximum), 1GB in, out and vars, 10,000,000
     * table entries, 1TB of writes per call and in all; for what only operators set, values far
     * above any need (1GB modules, 1,000,000 functions, 1h to compile, 1GB of log per call):
     * ceilings for a policy that wants a manifest's asks applied as they are.
     */
    public static final GrantLimits MAXIMA = builder()
            .memory(DataSize.ofBytes(MAX_WASM_MEMORY)).cpuTime(Duration.ofHours(1)).fuel(Long.MAX_VALUE)
            .maxInstances(1024).maxInput(DataSize.ofGigabytes(1)).maxOutput(DataSize.ofGigabytes(1))
            .maxVars(DataSize.ofGigabytes(1))
            .set(Limit.TABLE_ELEMENTS, 10_000_000).set(Limit.FS_WRITE_PER_CALL, TERABYTE)
            .set(Limit.FS_WRITE_TOTAL, TERABYTE).set(Limit.MAX_MODULE_SIZE, GIGABYTE)
            .set(Limit.MAX_FUNCTIONS, 1_000_000).set(Limit.MAX_FUNCTION_SIZE, GIGABYTE)
            .set(Limit.MAX_INSTRUCTIONS, 1_000_000_000)
            .set(Limit.MAX_NESTING, 1_000_000).set(Limit.MAX_GLOBALS, 1_000_000)
            .set(Limit.COMPILE_TIMEOUT, Duration.ofHours(1).toNanos()).set(Limit.MAX_LOG_LINE, GIGABYTE)
            .set(Limit.MAX_LOG_BYTES, GIGABYTE).set(Limit.MAX_LOG_LINES, 1_000_000)
            .set(Limit.MAX_ERROR_SIZE, GIGABYTE).build();

    private final Map<Limit, Long> values;

    private GrantLimits(Map<Limit, Long> values) {
        EnumMap<Limit, Long> copy = new EnumMap<>(Limit.class);
        copy.putAll(values);
        for (Limit l : Limit.values()) {
            Long v = copy.get(l);
            if (v == null) {
                throw new IllegalArgumentException("no value for " + l.key());
            }
            if (v <= 0) {
                throw new IllegalArgumentException(l.key() + " must be positive, was " + v);
            }
        }
        this.values = Collections.unmodifiableMap(copy);
    }

    public static Builder builder() {
        return new Builder(Map.of());
    }

    /**
     * A host's limits as fallback values for {@link Grants#effective(dev.plinth.api.manifest.PluginManifest,
     * SecurityPolicy, GrantLimits)}: every limit from {@code limits}; fuel from {@link #CONSERVATIVE}
     * (a host has no fuel setting of its own).
     */
    public static GrantLimits fallbackFrom(PluginLimits limits) {
        return fallbackFrom(limits, CONSERVATIVE.fuel());
    }

    /** {@link #fallbackFrom(PluginLimits)} with {@code fuel} as the fuel value. */
    public static GrantLimits fallbackFrom(PluginLimits limits, long fuel) {
        LogLimits logs = limits.logs();
        ModuleLimits module = limits.module();
        return builder().fuel(fuel).memory(limits.maxMemory()).cpuTime(limits.callTimeout())
                .maxInstances(limits.maxInstances()).maxInput(DataSize.ofBytes(limits.maxInputBytes()))
                .maxOutput(DataSize.ofBytes(limits.maxOutputBytes())).maxVars(DataSize.ofBytes(limits.maxVarBytes()))
                .set(Limit.TABLE_ELEMENTS, module.maxTableElements())
                .set(Limit.FS_WRITE_PER_CALL, limits.writes().perCall())
                .set(Limit.FS_WRITE_TOTAL, limits.writes().total())
                .set(Limit.MAX_MODULE_SIZE, module.maxModuleBytes())
                .set(Limit.MAX_FUNCTIONS, module.maxFunctions())
                .set(Limit.MAX_FUNCTION_SIZE, module.maxFunctionBytes())
                .set(Limit.MAX_INSTRUCTIONS, module.maxInstructions())
                .set(Limit.MAX_NESTING, module.maxNesting())
                .set(Limit.MAX_GLOBALS, module.maxGlobals())
                .set(Limit.COMPILE_TIMEOUT, module.compileTimeout().toNanos())
                .set(Limit.MAX_LOG_LINE, logs.maxLineBytes())
                .set(Limit.MAX_LOG_BYTES, logs.maxBytesPerCall())
                .set(Limit.MAX_LOG_LINES, logs.maxLinesPerCall())
                .set(Limit.MAX_ERROR_SIZE, logs.maxErrorBytes())
                .build();
    }

    /** {@code base} with every limit these values set; the acquire timeout and kernel memory stay {@code base}'s. */
    public PluginLimits applyTo(PluginLimits base) {
        return base.withMaxMemory(memory()).withCallTimeout(cpuTime()).withMaxInstances(maxInstances())
                .withMaxInputBytes(toInt(get(Limit.MAX_INPUT))).withMaxOutputBytes(toInt(get(Limit.MAX_OUTPUT)))
                .withMaxVarBytes(get(Limit.MAX_VARS))
                .withLogs(new LogLimits(toInt(get(Limit.MAX_LOG_LINE)), get(Limit.MAX_LOG_BYTES),
                        toInt(get(Limit.MAX_LOG_LINES)), toInt(get(Limit.MAX_ERROR_SIZE))))
                .withModule(new ModuleLimits(get(Limit.MAX_MODULE_SIZE), toInt(get(Limit.MAX_FUNCTIONS)),
                        get(Limit.MAX_FUNCTION_SIZE), get(Limit.MAX_INSTRUCTIONS), toInt(get(Limit.MAX_NESTING)),
                        get(Limit.TABLE_ELEMENTS),
                        toInt(get(Limit.MAX_GLOBALS)), Duration.ofNanos(get(Limit.COMPILE_TIMEOUT))))
                .withWrites(new WriteQuota(get(Limit.FS_WRITE_PER_CALL), get(Limit.FS_WRITE_TOTAL)));
    }

    private static int toInt(long v) {
        return (int) Math.min(Integer.MAX_VALUE, v);
    }

    /** A builder that starts from these values. */
    public Builder toBuilder() {
        return new Builder(values);
    }

    /** The value of one limit, in its {@link Limit#unit()}. */
    public long get(Limit limit) {
        return values.get(limit);
    }

    /** Every value, in {@link Limit} order. */
    public Map<Limit, Long> values() {
        return values;
    }

    public DataSize memory() {
        return DataSize.ofBytes(get(Limit.MEMORY));
    }

    public Duration cpuTime() {
        return Duration.ofNanos(get(Limit.CPU_TIME));
    }

    public long fuel() {
        return get(Limit.FUEL);
    }

    public int maxInstances() {
        return (int) Math.min(Integer.MAX_VALUE, get(Limit.MAX_INSTANCES));
    }

    public DataSize maxInput() {
        return DataSize.ofBytes(get(Limit.MAX_INPUT));
    }

    public DataSize maxOutput() {
        return DataSize.ofBytes(get(Limit.MAX_OUTPUT));
    }

    public DataSize maxVars() {
        return DataSize.ofBytes(get(Limit.MAX_VARS));
    }

    /** The values as text keyed by their file keys: {@code memory=64MB, cpu-time=5s, ...}. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((l, v) -> out.put(l.key(), l.format(v)));
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GrantLimits other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return describe().toString();
    }

    /** Sets values one by one; every limit must have one when {@link #build()} is called. */
    public static final class Builder {
        private final EnumMap<Limit, Long> values = new EnumMap<>(Limit.class);

        private Builder(Map<Limit, Long> start) {
            values.putAll(start);
        }

        public Builder set(Limit limit, long value) {
            values.put(Objects.requireNonNull(limit, "limit"), value);
            return this;
        }

        public Builder memory(DataSize v) {
            return set(Limit.MEMORY, v.toBytes());
        }

        public Builder cpuTime(Duration v) {
            return set(Limit.CPU_TIME, v.toNanos());
        }

        public Builder fuel(long v) {
            return set(Limit.FUEL, v);
        }

        public Builder maxInstances(int v) {
            return set(Limit.MAX_INSTANCES, v);
        }

        public Builder maxInput(DataSize v) {
            return set(Limit.MAX_INPUT, v.toBytes());
        }

        public Builder maxOutput(DataSize v) {
            return set(Limit.MAX_OUTPUT, v.toBytes());
        }

        public Builder maxVars(DataSize v) {
            return set(Limit.MAX_VARS, v.toBytes());
        }

        public GrantLimits build() {
            return new GrantLimits(values);
        }
    }
}
