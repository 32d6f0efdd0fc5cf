package dev.plinth.security.policy;

import dev.plinth.api.unit.DataSize;
import dev.plinth.api.unit.DurationText;
import java.time.Duration;
import java.util.Locale;

/**
 * The limits a policy sets ceilings for and grants values of. Every value is held as a
 * {@code long}: bytes for sizes, nanoseconds for {@link #CPU_TIME}, a count otherwise.
 */
public enum Limit {
    /** The most linear memory an instance may grow to (bytes). */
    MEMORY("memory", Unit.BYTES, true),
    /** Wall-clock deadline of one call (nanoseconds). */
    CPU_TIME("cpu-time", Unit.NANOS, true),
    /** Instruction budget of one call; enforced once fuel metering is enabled. */
    FUEL("fuel", Unit.COUNT, true),
    /** How many instances may run calls at once. */
    MAX_INSTANCES("max-instances", Unit.COUNT, true),
    /** The largest input of one call (bytes). Set by the operator only. */
    MAX_INPUT("max-input", Unit.BYTES, false),
    /** The largest output of one call (bytes). Set by the operator only. */
    MAX_OUTPUT("max-output", Unit.BYTES, false),
    /** The total size of a plugin's vars (bytes). Set by the operator only. */
    MAX_VARS("max-vars", Unit.BYTES, false);

    /** How a value is measured and written. */
    public enum Unit { BYTES, NANOS, COUNT }

    private final String key;
    private final Unit unit;
    private final boolean askable;

    Limit(String key, Unit unit, boolean askable) {
        this.key = key;
        this.unit = unit;
        this.askable = askable;
    }

    /** The name in JSON documents (camelCase, as the rest of Plinth's JSON), e.g. {@code cpuTime}. */
    public String jsonName() {
        StringBuilder b = new StringBuilder();
        boolean upper = false;
        for (char c : key.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return b.toString();
    }

    /** The key in manifests and policy files, e.g. {@code cpu-time}. */
    public String key() {
        return key;
    }

    public Unit unit() {
        return unit;
    }

    /** Whether a manifest's {@code [permissions]} may ask for it. */
    public boolean askable() {
        return askable;
    }

    /** A value written as the files write it: {@code 64MB}, {@code 5s}, {@code 1000000}. */
    public String format(long value) {
        return switch (unit) {
            case BYTES -> DataSize.ofBytes(value).toString();
            case NANOS -> DurationText.format(Duration.ofNanos(value));
            case COUNT -> Long.toString(value);
        };
    }

    /** The limit whose key is {@code key}, or {@code null}. */
    public static Limit byKey(String key) {
        for (Limit l : values()) {
            if (l.key.equals(key)) {
                return l;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return key.toLowerCase(Locale.ROOT);
    }
}
