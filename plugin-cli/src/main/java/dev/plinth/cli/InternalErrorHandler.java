package dev.plinth.cli;

import dev.plinth.api.error.PluginException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The last resort for exceptions no command handled. A plugin error that slipped through is
 * reported normally; anything else is a bug in plinth: one line, exit {@link ExitCodes#INTERNAL},
 * and the stack trace under {@code --verbose}.
 */
final class InternalErrorHandler implements IExecutionExceptionHandler {
    private final CliLogging logging;

    InternalErrorHandler(CliLogging logging) {
        this.logging = logging;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        if (ex instanceof PluginException plugin) {
            return new ErrorReporter(err).report(plugin);
        }
        err.println("plinth: internal error: " + ErrorReporter.oneLine(String.valueOf(ex)));
        if (logging.verbosity() == Verbosity.VERBOSE) {
            ex.printStackTrace(err);
        } else {
            err.println("Run again with --verbose to see the stack trace, and please report it.");
        }
        err.flush();
        return ExitCodes.INTERNAL;
    }
}
