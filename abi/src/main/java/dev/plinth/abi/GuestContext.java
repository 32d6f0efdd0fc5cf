package dev.plinth.abi;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.error.PayloadTooLargeException;
import dev.plinth.api.host.HostCallContext;
import dev.plinth.api.unit.TextCap;
import dev.plinth.sandbox.net.HttpGateway;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;

/**
 * Everything the Extism host functions of one instance see: its memory, the current call's input,
 * output and error, the status and headers of its last HTTP request, and the plugin's config, vars,
 * logger, limits and HTTP gateway. One per instance; a call {@link #begin begins} and {@link #end
 * ends} it.
 */
public final class GuestContext implements HostCallContext {
    private static final BooleanSupplier NO_DEADLINE = () -> false;

    private final String plugin;
    private final String version;
    private final Map<String, String> config;
    private final VarStore vars;
    private final Logger logger;
    private final PluginLimits limits;
    private final ExtismMemory memory;
    private final KernelRoot root;
    private final HttpGateway http;

    private FuelTank fuel;
    private String function = "";
    private final LogBudget logs;
    private int httpStatus;
    private Map<String, String> httpHeaders = Map.of();
    private BooleanSupplier deadlinePassed = NO_DEADLINE;
    /** How many calls this instance has begun: per-call counts (events emitted) start again at each. */
    private long calls;

    /** @param http carries out {@code http_request} under the version's effective network policy */
    public GuestContext(String plugin, String version, Map<String, String> config, VarStore vars,
            Logger logger, PluginLimits limits, HttpGateway http) {
        this.plugin = Objects.requireNonNull(plugin);
        this.version = Objects.requireNonNull(version);
        this.config = Map.copyOf(config);
        this.vars = Objects.requireNonNull(vars);
        this.logger = Objects.requireNonNull(logger);
        this.limits = Objects.requireNonNull(limits);
        this.memory = new ExtismMemory(limits.maxKernelBytes());
        this.root = new KernelRoot(memory);
        this.http = Objects.requireNonNull(http);
        this.logs = new LogBudget(logger, limits.logs());
    }

    /**
     * Starts a call as Extism's runtime does: memory reset, the input placed in a block of its own
     * ({@code input_offset}; none for an empty input), no output, no error.
     */
    public void begin(String function, byte[] input) {
        root.release();
        calls++;
        this.function = function;
        root.setInput(memory.place(input), input.length);
        logs.begin(function);
        setHttpResult(0, Map.of());
    }

    /** The output the guest set, copied out of memory (empty if it set none). */
    public byte[] output() {
        return memory.read("output_set", root.outputOffset(), root.outputLength());
    }

    /**
     * The error message the guest set, or {@code null} when it set none: as in Extism, the error
     * offset must still be the start of a live, non-empty block when the call returns. At most
     * {@code max-error-size} bytes of it are read out of its block, and a longer message is cut and
     * marked with its length.
     */
    public String error() {
        long length = root.errorLength();
        if (length == 0) {
            return null;
        }
        byte[] kept = memory.readBlockPrefix("error_set", root.errorOffset(), limits.logs().maxErrorBytes());
        return TextCap.utf8(kept, kept.length, length);
    }

    /** Ends a call: logs what WASI stdout and stderr hold of an unfinished line, and drops what it allocated. */
    public void end() {
        logs.end();
        root.release();
        deadlinePassed = NO_DEADLINE;
    }

    /**
     * Tells host functions whether the deadline of what runs now (a call, or the instance's
     * initialization) has passed, even when the interrupt that announced it was swallowed by an
     * application's host function; {@code null} when nothing runs. {@link #end} clears it.
     */
    public void deadline(BooleanSupplier passed) {
        this.deadlinePassed = passed == null ? NO_DEADLINE : passed;
    }

    /** Whether the current call's deadline has passed: its thread is interrupted, or the deadline says so. */
    boolean deadlinePassed() {
        return Thread.currentThread().isInterrupted() || deadlinePassed.getAsBoolean();
    }

    /** The number of the call running now (or last run): 1 for the instance's first. */
    long callNumber() {
        return calls;
    }

    /** Meters this instance's host calls against {@code tank}. */
    public void meter(FuelTank tank) {
        this.fuel = tank;
    }

    /** Charges one host call, when the instance is metered. */
    void chargeCall() {
        if (fuel != null) {
            fuel.chargeCall();
        }
    }

    /** Charges the bytes a host call copies, when the instance is metered. */
    void chargeBytes(long bytes) {
        if (fuel != null) {
            fuel.chargeBytes(bytes);
        }
    }

    boolean metered() {
        return fuel != null;
    }

    ExtismMemory memory() {
        return memory;
    }

    /**
     * The linear memory that holds this instance's Extism blocks: what every module of the plugin
     * instance whose kernel functions were inlined must be given as its kernel memory (the memory
     * factory's call for {@code InlinedKernel.definedMemoryPosition}), so that the inlined functions
     * and the host's see the same blocks.
     */
    public com.dylibso.chicory.runtime.Memory kernelMemory() {
        return memory.linearMemory();
    }

    KernelRoot root() {
        return root;
    }

    /**
     * {@code output_set}: a range outside the memory in use is ignored, as Extism's kernel does; one
     * inside it but longer than the version's output limit is refused.
     */
    void setOutput(long offset, long length) {
        if (!memory.inBounds(offset, length)) {
            return;
        }
        if (length > limits.maxOutputBytes()) {
            throw new PayloadTooLargeException("plugin " + plugin + "." + function + " set an output of " + length
                    + " bytes, more than its limit of " + limits.maxOutputBytes() + " bytes");
        }
        chargeBytes(length);
        root.setOutput(offset, length);
    }

    HttpGateway http() {
        return http;
    }

    /** Keeps the status and headers of the last HTTP request for {@code http_status_code}/{@code http_headers}. */
    void setHttpResult(int status, Map<String, String> headers) {
        httpStatus = status;
        httpHeaders = headers;
    }

    int httpStatus() {
        return httpStatus;
    }

    Map<String, String> httpHeaders() {
        return httpHeaders;
    }

    Map<String, String> config() {
        return config;
    }

    VarStore vars() {
        return vars;
    }

    Logger logger() {
        return logger;
    }

    /** What this call may still log, from {@code log_*} and from WASI stdout and stderr together. */
    public LogBudget logBudget() {
        return logs;
    }

    @Override
    public String pluginName() {
        return plugin;
    }

    @Override
    public String pluginVersion() {
        return version;
    }

    @Override
    public String function() {
        return function;
    }
}
