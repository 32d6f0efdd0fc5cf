package dev.plinth.api;

/**
 * How much a plugin may write to the host's log in one call, and how long an error message it may
 * leave: every line from {@code log_*}, stdout and stderr is cut at {@link #maxLineBytes}, and a
 * call's lines together stop at {@link #maxBytesPerCall} or {@link #maxLinesPerCall}, whichever
 * comes first (one line then says the rest was dropped). Without these a plugin could fill the
 * host's disk and heap through its logger.
 *
 * @param maxLineBytes the longest line kept; longer lines are cut and marked
 * @param maxBytesPerCall bytes of log lines one call may write, all streams together
 * @param maxLinesPerCall log lines one call may write
 * @param maxErrorBytes the longest error message ({@code error_set}) kept, also as {@code lastError}
 */
public record LogLimits(int maxLineBytes, long maxBytesPerCall, int maxLinesPerCall, int maxErrorBytes) {
    /** 8 KiB lines, 64 KiB and 1,000 lines per call, 16 KiB error messages. */
    public static final LogLimits DEFAULTS = new LogLimits(8 << 10, 64 << 10, 1000, 16 << 10);

    public LogLimits {
        Limits.requirePositive("maxLineBytes", maxLineBytes);
        Limits.requirePositive("maxBytesPerCall", maxBytesPerCall);
        Limits.requirePositive("maxLinesPerCall", maxLinesPerCall);
        Limits.requirePositive("maxErrorBytes", maxErrorBytes);
    }
}
