package dev.plinth.spring.properties;

import dev.plinth.api.PluginLimits;
import java.time.Duration;
import org.springframework.util.unit.DataSize;

/**
 * {@code plinth.limits.*}: the limits of plugins whose manifests ask for nothing else. A manifest's
 * {@code [permissions]} may ask for other memory, time and instance counts.
 */
public class LimitsProperties {

    /** The most linear memory one plugin instance may grow to. */
    private DataSize memory = DataSize.ofMegabytes(64);

    /** Wall-clock deadline of one call. */
    private Duration callTimeout = Duration.ofSeconds(5);

    /** How many instances of one plugin version may run calls at once. */
    private int maxInstances = 4;

    /** How long a caller waits for a free instance before getting a busy error. */
    private Duration acquireTimeout = Duration.ofSeconds(1);

    /** The largest input one call accepts. */
    private DataSize maxInput = DataSize.ofMegabytes(16);

    /** The largest output a plugin may return. */
    private DataSize maxOutput = DataSize.ofMegabytes(16);

    /** The total size of the vars (keys and values) one plugin version may keep. */
    private DataSize maxVars = DataSize.ofMegabytes(1);

    /**
     * Instruction budget per call for every plugin, measured deterministically (0: only plugins
     * whose manifest asks for a budget are metered).
     */
    private long fuel;

    /** These settings as the engine's limits; what is not configurable here keeps its default. */
    public PluginLimits toPluginLimits() {
        return PluginLimits.DEFAULTS
                .withMaxMemory(dev.plinth.api.unit.DataSize.ofBytes(memory.toBytes()))
                .withCallTimeout(callTimeout)
                .withMaxInstances(maxInstances)
                .withAcquireTimeout(acquireTimeout)
                .withMaxInputBytes(Math.toIntExact(maxInput.toBytes()))
                .withMaxOutputBytes(Math.toIntExact(maxOutput.toBytes()))
                .withMaxVarBytes(maxVars.toBytes());
    }

    public DataSize getMemory() {
        return memory;
    }

    public void setMemory(DataSize memory) {
        this.memory = memory;
    }

    public Duration getCallTimeout() {
        return callTimeout;
    }

    public void setCallTimeout(Duration callTimeout) {
        this.callTimeout = callTimeout;
    }

    public int getMaxInstances() {
        return maxInstances;
    }

    public void setMaxInstances(int maxInstances) {
        this.maxInstances = maxInstances;
    }

    public Duration getAcquireTimeout() {
        return acquireTimeout;
    }

    public void setAcquireTimeout(Duration acquireTimeout) {
        this.acquireTimeout = acquireTimeout;
    }

    public DataSize getMaxInput() {
        return maxInput;
    }

    public void setMaxInput(DataSize maxInput) {
        this.maxInput = maxInput;
    }

    public DataSize getMaxOutput() {
        return maxOutput;
    }

    public void setMaxOutput(DataSize maxOutput) {
        this.maxOutput = maxOutput;
    }

    public long getFuel() {
        return fuel;
    }

    public void setFuel(long fuel) {
        this.fuel = fuel;
    }

    public DataSize getMaxVars() {
        return maxVars;
    }

    public void setMaxVars(DataSize maxVars) {
        this.maxVars = maxVars;
    }
}
