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
 * @param maxLogLinesPerCall log lines a call may write before further lines are dropped
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
        int maxLogLinesPerCall) {

    /** Conservative defaults: 64 MB, 5 s, 4 instances, 1 s wait, 16 MB in and out, 1 MB vars. */
    public static final PluginLimits DEFAULTS = new PluginLimits(
            DataSize.ofMegabytes(64), Duration.ofSeconds(5), 4, Duration.ofSeconds(1),
            16 << 20, 16 << 20, 1 << 20, 64L << 20, 1000);

    public PluginLimits {
        Objects.requireNonNull(maxMemory, "maxMemory");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(acquireTimeout, "acquireTimeout");
        requirePositive("maxMemory", maxMemory.toBytes());
        requirePositive("callTimeout", callTimeout.toNanos());
        requirePositive("maxInstances", maxInstances);
        if (acquireTimeout.isNegative()) {
            throw new IllegalArgumentException("acquireTimeout must not be negative: " + acquireTimeout);
        }
        requirePositive("maxInputBytes", maxInputBytes);
        requirePositive("maxOutputBytes", maxOutputBytes);
        requirePositive("maxVarBytes", maxVarBytes);
        requirePositive("maxKernelBytes", maxKernelBytes);
        requirePositive("maxLogLinesPerCall", maxLogLinesPerCall);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    public PluginLimits withMaxMemory(DataSize value) {
        return new PluginLimits(value, callTimeout, maxInstances, acquireTimeout, maxInputBytes,
                maxOutputBytes, maxVarBytes, maxKernelBytes, maxLogLinesPerCall);
    }

    public PluginLimits withCallTimeout(Duration value) {
        return new PluginLimits(maxMemory, value, maxInstances, acquireTimeout, maxInputBytes,
                maxOutputBytes, maxVarBytes, maxKernelBytes, maxLogLinesPerCall);
    }

    public PluginLimits withMaxInstances(int value) {
        return new PluginLimits(maxMemory, callTimeout, value, acquireTimeout, maxInputBytes,
                maxOutputBytes, maxVarBytes, maxKernelBytes, maxLogLinesPerCall);
    }

    public PluginLimits withAcquireTimeout(Duration value) {
        return new PluginLimits(maxMemory, callTimeout, maxInstances, value, maxInputBytes,
                maxOutputBytes, maxVarBytes, maxKernelBytes, maxLogLinesPerCall);
    }

    public PluginLimits withMaxInputBytes(int value) {
        return new PluginLimits(maxMemory, callTimeout, maxInstances, acquireTimeout, value,
                maxOutputBytes, maxVarBytes, maxKernelBytes, maxLogLinesPerCall);
    }

    public PluginLimits withMaxOutputBytes(int value) {
        return new PluginLimits(maxMemory, callTimeout, maxInstances, acquireTimeout, maxInputBytes,
                value, maxVarBytes, maxKernelBytes, maxLogLinesPerCall);
    }

    public PluginLimits withMaxVarBytes(long value) {
        return new PluginLimits(maxMemory, callTimeout, maxInstances, acquireTimeout, maxInputBytes,
                maxOutputBytes, value, maxKernelBytes, maxLogLinesPerCall);
    }
}
