package dev.plinth.security.policy;

import dev.plinth.api.PluginLimits;
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

    /**
     * Conservative values: memory 64MB, cpu-time 5s, fuel 1,000,000,000, max-instances 4,
     * max-input and max-output 16MB, max-vars 1MB. The ceilings of a policy that does not say
     * otherwise (and of every policy file), and the host's fallback values.
     */
    public static final GrantLimits CONSERVATIVE = builder()
            .memory(DataSize.ofMegabytes(64)).cpuTime(Duration.ofSeconds(5)).fuel(1_000_000_000L).maxInstances(4)
            .maxInput(DataSize.ofMegabytes(16)).maxOutput(DataSize.ofMegabytes(16)).maxVars(DataSize.ofMegabytes(1))
            .build();

    /**
     * The most anything may ask for: memory 4GB (all a wasm32 memory can address), cpu-time 1h,
     * unlimited fuel, 1024 instances (the manifest's maximum), 1GB in, out and vars: ceilings for a
     * policy that wants a manifest's asks applied as they are.
     */
    public static final GrantLimits MAXIMA = builder()
            .memory(DataSize.ofBytes(MAX_WASM_MEMORY)).cpuTime(Duration.ofHours(1)).fuel(Long.MAX_VALUE)
            .maxInstances(1024).maxInput(DataSize.ofGigabytes(1)).maxOutput(DataSize.ofGigabytes(1))
            .maxVars(DataSize.ofGigabytes(1)).build();

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
     * SecurityPolicy, GrantLimits)}: memory, call timeout, instances, input, output and vars from
     * {@code limits}; fuel from {@link #CONSERVATIVE} (a host has no fuel setting of its own).
     */
    public static GrantLimits fallbackFrom(PluginLimits limits) {
        return fallbackFrom(limits, CONSERVATIVE.fuel());
    }

    /** {@link #fallbackFrom(PluginLimits)} with {@code fuel} as the fuel value. */
    public static GrantLimits fallbackFrom(PluginLimits limits, long fuel) {
        return CONSERVATIVE.toBuilder().fuel(fuel).memory(limits.maxMemory()).cpuTime(limits.callTimeout())
                .maxInstances(limits.maxInstances()).maxInput(DataSize.ofBytes(limits.maxInputBytes()))
                .maxOutput(DataSize.ofBytes(limits.maxOutputBytes())).maxVars(DataSize.ofBytes(limits.maxVarBytes()))
                .build();
    }

    /** {@code base} with the memory, call timeout, instances, input, output and vars of these values. */
    public PluginLimits applyTo(PluginLimits base) {
        return base.withMaxMemory(memory()).withCallTimeout(cpuTime()).withMaxInstances(maxInstances())
                .withMaxInputBytes(toInt(get(Limit.MAX_INPUT))).withMaxOutputBytes(toInt(get(Limit.MAX_OUTPUT)))
                .withMaxVarBytes(get(Limit.MAX_VARS));
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
