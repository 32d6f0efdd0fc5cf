package dev.plinth.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/** Puts the {@code plinth} command together and runs it against a set of streams. */
public final class Plinth {
    private Plinth() {
    }

    /** Runs {@code plinth} with {@code args}; returns the exit status (see {@link ExitCodes}). */
    public static int run(Io io, String... args) {
        CommandLine commandLine = commandLine(io);
        try {
            return commandLine.execute(args);
        } finally {
            commandLine.getOut().flush();
            io.err().flush();
            try {
                io.out().flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write to stdout", e);
            }
        }
    }

    /** The command line, configured for {@code io} but not yet run. */
    public static CommandLine commandLine(Io io) {
        CliLogging logging = new CliLogging(io.err());
        PrintWriter out = io.outWriter();
        return new CommandLine(new PlinthCommand(io, logging))
                .setOut(out)
                .setErr(io.err())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(new UsageErrorHandler())
                .setExecutionExceptionHandler(new InternalErrorHandler(logging));
    }
}
