package dev.plinth.abi;

import dev.plinth.api.LogLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * What one call may write to its plugin's log, every source together: the Extism {@code log_*}
 * functions and WASI stdout and stderr. Each line keeps at most {@link LogLimits#maxLineBytes()}
 * bytes; the call's lines together keep at most {@link LogLimits#maxBytesPerCall()} bytes and
 * {@link LogLimits#maxLinesPerCall()} lines. Past either, everything else the call logs is dropped,
 * and one WARN line says so. Without it a plugin could fill the host's disk and heap through its
 * logger (8 MB lines in a loop wrote 2 GB in one 5 s call).
 *
 * <p>One per instance, single-threaded like the instance: a call {@link #begin begins} and
 * {@link #end ends} it.
 */
public final class LogBudget {
    private final Logger logger;
    private final LogLimits limits;
    /** The WASI streams, flushed when a call ends so that a last line without a newline is logged. */
    private final List<LogLineStream> streams = new ArrayList<>(2);
    private String function = "";
    private long bytes;
    private int lines;
    private boolean announced;

    public LogBudget(Logger logger, LogLimits limits) {
        this.logger = Objects.requireNonNull(logger, "logger");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** A fresh budget for a call of {@code function}. */
    public void begin(String function) {
        this.function = function;
        bytes = 0;
        lines = 0;
        announced = false;
    }

    /** Ends the call: what the WASI streams hold of an unfinished line is logged, under this call's budget. */
    public void end() {
        for (LogLineStream stream : streams) {
            stream.flush();
        }
    }

    /**
     * A stdout or stderr of one instance that logs its lines under this budget, as {@code [name] text}: what
     * WASI preview 1 uses, and the streams of components' {@code wasi:cli/stdout} and {@code stderr}.
     */
    public java.io.OutputStream stream(String name) {
        return new LogLineStream(name, this);
    }

    /**
     * Logs one line a guest gave the host as text (a component's {@code plinth:plugin/logger} import) at
     * {@code level}, cut to the line cap, under this call's budget; nothing is logged when the level is off or
     * the budget is spent.
     */
    public void log(org.slf4j.event.Level level, String message) {
        if (!logger.isEnabledForLevel(level)) {
            return;
        }
        byte[] utf8 = message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int allowed = admit(Math.min(utf8.length, maxLineBytes()));
        if (allowed >= 0) {
            logger.atLevel(level).log("[{}] {}", function, dev.plinth.api.unit.TextCap.utf8(
                    java.util.Arrays.copyOf(utf8, allowed), allowed, utf8.length));
        }
    }

    void register(LogLineStream stream) {
        streams.add(stream);
    }

    Logger logger() {
        return logger;
    }

    /** The most bytes of one line that are kept. */
    int maxLineBytes() {
        return limits.maxLineBytes();
    }

    /**
     * Whether this call may log nothing more. The first time that is so, and something more was to
     * be logged, one WARN line says that the rest of the call's log is dropped.
     */
    boolean exhausted() {
        if (bytes < limits.maxBytesPerCall() && lines < limits.maxLinesPerCall()) {
            return false;
        }
        if (!announced) {
            announced = true;
            logger.warn("[{}] this call's log budget is spent ({} lines, {} bytes; at most {} lines and {} bytes per"
                    + " call); the rest of this call's output is dropped", function, lines, bytes,
                    limits.maxLinesPerCall(), limits.maxBytesPerCall());
        }
        return true;
    }

    /**
     * Takes one line of which {@code keptBytes} (at most {@link #maxLineBytes()}) are to be logged.
     *
     * @return how many of them may be logged (fewer when the call's bytes run out with this line),
     *     or -1 when the budget is spent and the line is dropped
     */
    int admit(int keptBytes) {
        if (exhausted()) {
            return -1;
        }
        lines++;
        int allowed = (int) Math.min(keptBytes, limits.maxBytesPerCall() - bytes);
        bytes += allowed;
        return allowed;
    }

    /** The function of the call, for the prefix of its lines. */
    String function() {
        return function;
    }
}
