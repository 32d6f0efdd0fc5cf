package dev.plinth.host.internal.abi;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;

/**
 * An output stream that logs each line it receives at INFO, cutting lines past a byte cap, and
 * dropping everything after a total byte cap (one line says so), so a chatty or hostile plugin
 * cannot flood the host's log.
 */
final class LogLineStream extends OutputStream {
    private final Logger logger;
    private final String stream;
    private final int maxLineBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final long maxTotalBytes;
    private long total;
    private boolean truncated;

    LogLineStream(Logger logger, String stream, int maxLineBytes) {
        this(logger, stream, maxLineBytes, Long.MAX_VALUE);
    }

    LogLineStream(Logger logger, String stream, int maxLineBytes, long maxTotalBytes) {
        this.logger = logger;
        this.stream = stream;
        this.maxLineBytes = maxLineBytes;
        this.maxTotalBytes = maxTotalBytes;
    }

    @Override
    public void write(int b) {
        if (total >= maxTotalBytes) {
            return;
        }
        if (++total == maxTotalBytes) {
            flush();
            logger.warn("[{}] more than {} bytes of output; the rest of this instance's output is dropped",
                    stream, maxTotalBytes);
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
