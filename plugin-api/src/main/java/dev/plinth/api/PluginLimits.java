package dev.plinth.api;

import dev.plinth.api.unit.DataSize;
import java.time.Duration;
import java.util.Objects;

/**
 * The limits one plugin version runs under. The host has defaults; a manifest may ask for other
 * memory, time and instance counts, and the operator's policy caps what it gets.
 *
 * @param maxMemory the most linear memory an instance may grow to (rounded down to 64 KiB pages)
 * @param callTimeout wall-clock deadline of one call
 * @param maxInstances how many instances may run calls at once
 * @param acquireTimeout how long a caller waits for a free instance before getting {@code busy}
 * @param maxInputBytes the largest input a call accepts
 * @param maxOutputBytes the largest output a plugin may set
 * @param maxVarBytes the total size of the vars (keys and values) one plugin version may keep
 * @param maxKernelBytes the most host-side Extism memory one call may allocate
 * @param logs how much a call may log, and the longest error message kept
 * @param module the shape a module may have: size, functions, nesting, tables, globals, compile time
 * @param writes how much may be written into writable mounts, per call and in all
 */
public record PluginLimits(
        DataSize maxMemory,
        Duration callTimeout,
        int maxInstances,
        Duration acquireTimeout,
        int maxInputBytes,
        int maxOutputBytes,
        long maxVarBytes,
        long maxKernelBytes,
        LogLimits logs,
        ModuleLimits module,
        WriteQuota writes) {

    /**
     * Conservative defaults: 64 MB, 5 s, 4 instances, 1 s wait, 16 MB in and out, 1 MB vars, and the
     * defaults of {@link LogLimits}, {@link ModuleLimits} and {@link WriteQuota}.
     */
    public static final PluginLimits DEFAULTS = new PluginLimits(
            DataSize.ofMegabytes(64), Duration.ofSeconds(5), 4, Duration.ofSeconds(1),
            16 << 20, 16 << 20, 1 << 20, 64L << 20, LogLimits.DEFAULTS, ModuleLimits.DEFAULTS, WriteQuota.DEFAULTS);

    public PluginLimits {
        Objects.requireNonNull(maxMemory, "maxMemory");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(acquireTimeout, "acquireTimeout");
        Objects.requireNonNull(logs, "logs");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(writes, "writes");
        Limits.requirePositive("maxMemory", maxMemory.toBytes());
        Limits.requirePositive("callTimeout", callTimeout.toNanos());
        Limits.requirePositive("maxInstances", maxInstances);
        if (acquireTimeout.isNegative()) {
            throw new IllegalArgumentException("acquireTimeout must not be negative: " + acquireTimeout);
        }
        Limits.requirePositive("maxInputBytes", maxInputBytes);
        Limits.requirePositive("maxOutputBytes", maxOutputBytes);
        Limits.requirePositive("maxVarBytes", maxVarBytes);
        Limits.requirePositive("maxKernelBytes", maxKernelBytes);
    }

    public PluginLimits withMaxMemory(DataSize value) {
        return new PluginLimits(value, callTimeout, maxInstances, acquireTimeout, maxInputBytes,
                maxOutputBytes, maxVarBytes, maxKernelBytes, logs, module, writes);
    }

    public PluginLimits withCallTimeout(Duration value) {
        return new PluginLimits(maxMemory, value, maxInstances, acquireTimeout, maxInputBytes,
                maxOutputBytes, maxVarBytes, maxKernelBytes, logs, module, writes);
    }

    public PluginLimits withMaxInstances(int value) {
        return new PluginLimits(maxMemory, callTimeout, value, acquireTimeout, maxInputBytes,
                maxOutputBytes, maxVarBytes, maxKernelBytes, logs, module, writes);
    }

    public PluginLimits withAcquireTimeout(Duration value) {
        return new PluginLimits(maxMemory, callTimeout, maxInstances, value, maxInputBytes,
                maxOutputBytes, maxVarBytes, maxKernelBytes, logs, module, writes);
    }

    public PluginLimits withMaxInputBytes(int value) {
        return new PluginLimits(maxMemory, callTimeout, maxInstances, acquireTimeout, value,
                maxOutputBytes, maxVarBytes, maxKernelBytes, logs, module, writes);
    }

    public PluginLimits withMaxOutputBytes(int value) {
        return new PluginLimits(maxMemory, callTimeout, maxInstances, acquireTimeout, maxInputBytes,
                value, maxVarBytes, maxKernelBytes, logs, module, writes);
    }

    public PluginLimits withMaxVarBytes(long value) {
        return new PluginLimits(maxMemory, callTimeout, maxInstances, acquireTimeout, maxInputBytes,
                maxOutputBytes, value, maxKernelBytes, logs, module, writes);
    }

    public PluginLimits withMaxKernelBytes(long value) {
        return new PluginLimits(maxMemory, callTimeout, maxInstances, acquireTimeout, maxInputBytes,
                maxOutputBytes, maxVarBytes, value, logs, module, writes);
    }

    public PluginLimits withLogs(LogLimits value) {
        return new PluginLimits(maxMemory, callTimeout, maxInstances, acquireTimeout, maxInputBytes,
                maxOutputBytes, maxVarBytes, maxKernelBytes, value, module, writes);
    }

    public PluginLimits withModule(ModuleLimits value) {
        return new PluginLimits(maxMemory, callTimeout, maxInstances, acquireTimeout, maxInputBytes,
                maxOutputBytes, maxVarBytes, maxKernelBytes, logs, value, writes);
    }

    public PluginLimits withWrites(WriteQuota value) {
        return new PluginLimits(maxMemory, callTimeout, maxInstances, acquireTimeout, maxInputBytes,
                maxOutputBytes, maxVarBytes, maxKernelBytes, logs, module, value);
    }
}
