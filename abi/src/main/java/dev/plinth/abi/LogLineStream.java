package dev.plinth.abi;

import dev.plinth.api.unit.TextCap;
import java.io.OutputStream;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * WASI stdout or stderr of one instance: logs each line it receives at INFO as {@code [stdout] text},
 * under the call's {@link LogBudget}. A line keeps its first {@code maxLineBytes} bytes (a longer one
 * is cut and marked with its length); the rest of it is only scanned for the newline, never copied.
 * Once the budget is spent a write returns at once, so a flood costs the host nothing more than the
 * WASI layer's own copy.
 */
final class LogLineStream extends OutputStream {
    private final String stream;
    private final LogBudget budget;
    private final Logger logger;
    /** The kept start of the current line. */
    private final byte[] line;
    private int kept;
    /** Bytes of the current line received so far, kept or not. */
    private long total;

    LogLineStream(String stream, LogBudget budget) {
        this.stream = stream;
        this.budget = budget;
        this.logger = budget.logger();
        this.line = new byte[budget.maxLineBytes()];
        budget.register(this);
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int end = offset + length;
        int at = offset;
        while (at < end) {
            if (!logger.isInfoEnabled() || budget.exhausted()) {
                kept = 0;
                total = 0;
                return;
            }
            int newline = indexOfNewline(bytes, at, end);
            int stop = newline < 0 ? end : newline;
            int take = Math.min(stop - at, line.length - kept);
            System.arraycopy(bytes, at, line, kept, take);
            kept += take;
            total += stop - at;
            if (newline < 0) {
                return;
            }
            logLine();
            at = newline + 1;
        }
    }

    /** Logs what there is of an unfinished line (at the end of a call). */
    @Override
    public void flush() {
        if (total > 0) {
            if (logger.isInfoEnabled() && !budget.exhausted()) {
                logLine();
            }
            kept = 0;
            total = 0;
        }
    }

    private void logLine() {
        int allowed = budget.admit(kept);
        if (allowed >= 0) {
            logger.info("[{}] {}", stream, TextCap.utf8(line, allowed, total));
        }
        kept = 0;
        total = 0;
    }

    private static int indexOfNewline(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
