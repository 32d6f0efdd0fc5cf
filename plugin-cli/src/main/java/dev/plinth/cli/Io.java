package dev.plinth.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The streams one run of {@code plinth} uses. Plugin output is bytes, so stdout is kept as a raw
 * stream; messages, logs and errors go to the stderr writer. Tests pass in-memory streams.
 *
 * @param in where {@code --input-file -} reads from
 * @param out stdout, written byte for byte
 * @param err stderr, for errors, warnings and log lines
 * @param outIsTerminal whether stdout is a terminal (a newline is then added after text output)
 */
public record Io(InputStream in, OutputStream out, PrintWriter err, boolean outIsTerminal) {
    public Io {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
    }

    /** The process's own streams; text on them is UTF-8. */
    public static Io system() {
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        return new Io(System.in, System.out, err, System.console() != null);
    }

    /** A UTF-8 writer over stdout for text (help, version, reports); the caller flushes it. */
    public PrintWriter outWriter() {
        return new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), false);
    }
}
