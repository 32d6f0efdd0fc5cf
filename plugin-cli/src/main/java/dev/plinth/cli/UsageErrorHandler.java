package dev.plinth.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * Reports a usage error in two lines, {@code plinth: <problem>} and a hint naming the help to
 * read, and exits with {@link ExitCodes#USAGE}, instead of picocli's full usage dump. The problem is
 * put in plain words by {@link UsageMessages}.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("plinth: " + ErrorReporter.oneLine(UsageMessages.describe(ex)));
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCodes.USAGE;
    }
}
