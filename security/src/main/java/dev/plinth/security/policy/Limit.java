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
    MEMORY("memory", Unit.BYTES, true, 4L << 30),
    /** Wall-clock deadline of one call (nanoseconds). */
    CPU_TIME("cpu-time", Unit.NANOS, true, Long.MAX_VALUE),
    /** Instruction budget of one call; enforced once fuel metering is enabled. */
    FUEL("fuel", Unit.COUNT, true, Long.MAX_VALUE),
    /** How many instances may run calls at once. */
    MAX_INSTANCES("max-instances", Unit.COUNT, true, 1024),
    /** The most entries all tables of an instance may hold together (a count). */
    TABLE_ELEMENTS("table-elements", Unit.COUNT, true, Integer.MAX_VALUE),
    /** Bytes one call may write into writable mounts. */
    FS_WRITE_PER_CALL("fs-write-per-call", Unit.BYTES, true, Long.MAX_VALUE),
    /** Bytes a version's files in writable mounts may grow by in all. */
    FS_WRITE_TOTAL("fs-write-total", Unit.BYTES, true, Long.MAX_VALUE),
    /** The largest input of one call (bytes). Set by the operator only. */
    MAX_INPUT("max-input", Unit.BYTES, false, Integer.MAX_VALUE),
    /** The largest output of one call (bytes). Set by the operator only. */
    MAX_OUTPUT("max-output", Unit.BYTES, false, Integer.MAX_VALUE),
    /** The total size of a plugin's vars (bytes). Set by the operator only. */
    MAX_VARS("max-vars", Unit.BYTES, false, Integer.MAX_VALUE),
    /** The largest module file read (bytes). Set by the operator only. */
    MAX_MODULE_SIZE("max-module-size", Unit.BYTES, false, Integer.MAX_VALUE - 8),
    /** The most functions a module may define. Set by the operator only. */
    MAX_FUNCTIONS("max-functions", Unit.COUNT, false, Integer.MAX_VALUE),
    /** The largest function body (bytes of code). Set by the operator only. */
    MAX_FUNCTION_SIZE("max-function-size", Unit.BYTES, false, Integer.MAX_VALUE),
    /** The most instructions all functions of a module may hold. Set by the operator only. */
    MAX_INSTRUCTIONS("max-instructions", Unit.COUNT, false, Long.MAX_VALUE),
    /** The deepest nesting of blocks in one function. Set by the operator only. */
    MAX_NESTING("max-nesting", Unit.COUNT, false, Integer.MAX_VALUE),
    /** The most globals a module may define. Set by the operator only. */
    MAX_GLOBALS("max-globals", Unit.COUNT, false, Integer.MAX_VALUE),
    /** How long compiling one module may take (nanoseconds). Set by the operator only. */
    COMPILE_TIMEOUT("compile-timeout", Unit.NANOS, false, Long.MAX_VALUE),
    /** The longest log line kept (bytes). Set by the operator only. */
    MAX_LOG_LINE("max-log-line", Unit.BYTES, false, Integer.MAX_VALUE),
    /** Bytes of log lines one call may write. Set by the operator only. */
    MAX_LOG_BYTES("max-log-bytes", Unit.BYTES, false, Long.MAX_VALUE),
    /** Log lines one call may write. Set by the operator only. */
    MAX_LOG_LINES("max-log-lines", Unit.COUNT, false, Integer.MAX_VALUE),
    /** The longest error message kept (bytes). Set by the operator only. */
    MAX_ERROR_SIZE("max-error-size", Unit.BYTES, false, Integer.MAX_VALUE);

    /** How a value is measured and written. */
    public enum Unit { BYTES, NANOS, COUNT }

    private final String key;
    private final Unit unit;
    private final boolean askable;
    private final long maximum;

    Limit(String key, Unit unit, boolean askable, long maximum) {
        this.key = key;
        this.unit = unit;
        this.askable = askable;
        this.maximum = maximum;
    }

    /** The largest value a file or a grant may set, in {@link #unit()}. */
    public long maximum() {
        return maximum;
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
