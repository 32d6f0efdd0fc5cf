package dev.plinth.host.internal.abi;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;

/** An output stream that logs each line it receives at INFO, cutting lines past a byte cap. */
final class LogLineStream extends OutputStream {
    private final Logger logger;
    private final String stream;
    private final int maxLineBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean truncated;

    LogLineStream(Logger logger, String stream, int maxLineBytes) {
        this.logger = logger;
        this.stream = stream;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public void write(int b) {
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
