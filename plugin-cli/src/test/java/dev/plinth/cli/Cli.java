package dev.plinth.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs {@code plinth} in-process with captured streams, as a shell would see it. */
final class Cli {
    private Cli() {
    }

    /** What one run left behind. */
    record Result(int status, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** The first line of stderr, where plinth puts its one-line error. */
        String firstErrLine() {
            return stderr.lines().findFirst().orElse("");
        }

        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout ---\n" + out() + "\n--- stderr ---\n" + stderr;
        }
    }

    static Result run(String... args) {
        return runWithStdin(new byte[0], args);
    }

    static Result runWithStdin(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        Io io = new Io(new ByteArrayInputStream(stdin), out, new PrintWriter(err, true), false);
        int status = Plinth.run(io, args);
        return new Result(status, out.toByteArray(), err.toString());
    }
}
