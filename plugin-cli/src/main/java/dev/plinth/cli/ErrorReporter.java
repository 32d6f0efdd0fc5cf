package dev.plinth.cli;

import dev.plinth.api.PluginError;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginException;
import java.io.PrintWriter;

/**
 * Writes a plugin error to stderr in the one form scripts can rely on,
 * {@code plinth: <code>: <message>}, and picks the exit status for it.
 */
final class ErrorReporter {
    private final PrintWriter err;

    ErrorReporter(PrintWriter err) {
        this.err = err;
    }

    /** Reports a failed call or inspection; returns the exit status. */
    int report(PluginException e) {
        return report(e.code(), e.getMessage());
    }

    /** Reports the error a plugin failed to load with; returns the exit status. */
    int report(PluginError error) {
        return report(error.code(), error.message());
    }

    int report(ErrorCode code, String message) {
        err.println("plinth: " + code.code() + ": " + oneLine(message));
        err.flush();
        return ExitCodes.of(code);
    }

    /** Messages are kept on one line, so that the first line of stderr is the whole error. */
    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
