package dev.plinth.host.internal.abi;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;

/**
 * An output stream that logs each line it receives at INFO, cutting lines past a byte cap, and
 * dropping everything past the instance's per-call {@link StdioBudget} (one line says so), so a chatty or hostile plugin
 * cannot flood the host's log.
 */
final class LogLineStream extends OutputStream {
    private final Logger logger;
    private final String stream;
    private final int maxLineBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final StdioBudget budget;
    private boolean truncated;

    LogLineStream(Logger logger, String stream, int maxLineBytes) {
        this(logger, stream, maxLineBytes, new StdioBudget(Long.MAX_VALUE));
    }

    LogLineStream(Logger logger, String stream, int maxLineBytes, StdioBudget budget) {
        this.logger = logger;
        this.stream = stream;
        this.maxLineBytes = maxLineBytes;
        this.budget = budget;
    }

    @Override
    public void write(int b) {
        if (!budget.take()) {
            if (budget.announceOnce()) {
                flush();
                logger.warn("[{}] more than {} bytes of output in one call; the rest of this call's output is dropped",
                        stream, budget.maxBytes());
            }
            return;
        }
        if (b == '\n') {
            flushLine();
        } else if (line.size() < maxLineBytes) {
            line.write(b);
        } else {
            truncated = true;
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    @Override
    public void flush() {
        if (line.size() > 0) {
            flushLine();
        }
    }

    private void flushLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        logger.info("[{}] {}{}", stream, text, truncated ? " …(truncated)" : "");
        line.reset();
        truncated = false;
    }
}
