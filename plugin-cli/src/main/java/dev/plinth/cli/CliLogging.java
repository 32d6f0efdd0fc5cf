package dev.plinth.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.io.PrintWriter;
import org.slf4j.LoggerFactory;

/**
 * Sets up logging for one run: everything goes to the run's stderr, never stdout (which carries
 * plugin output). Plugin log lines show at INFO by default, are hidden by {@code --quiet} and show
 * down to DEBUG with {@code --verbose}. The plugin's log level is also what {@code get_log_level}
 * reports to it, so a quiet run spares the plugin the work of formatting lines nobody sees.
 */
final class CliLogging {
    private final PrintWriter err;
    private Verbosity verbosity = Verbosity.NORMAL;

    CliLogging(PrintWriter err) {
        this.err = err;
    }

    /** Reconfigures logging for {@code level}; safe to call again (tests run many commands in one JVM). */
    void apply(Verbosity level) {
        this.verbosity = level;
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J backend is in charge (an embedding application): leave it alone
        }
        context.reset();
        StderrAppender appender = new StderrAppender(err, level == Verbosity.VERBOSE);
        appender.setContext(context);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        switch (level) {
            case QUIET -> {
                root.setLevel(Level.ERROR);
                context.getLogger(StderrAppender.PLUGIN_LOGGERS).setLevel(Level.OFF);
            }
            case NORMAL -> {
                root.setLevel(Level.WARN);
                context.getLogger(StderrAppender.PLUGIN_LOGGERS).setLevel(Level.INFO);
                // The host logs a failed load as a warning; plinth reports it itself as an error.
                context.getLogger("dev.plinth.host.PluginHost").setLevel(Level.ERROR);
                // Likewise refusals and limit hits: plinth prints them as its error or warning line.
                context.getLogger("plinth.audit").setLevel(Level.ERROR);
            }
            case VERBOSE -> {
                root.setLevel(Level.INFO);
                context.getLogger("dev.plinth").setLevel(Level.DEBUG);
                context.getLogger(StderrAppender.PLUGIN_LOGGERS).setLevel(Level.DEBUG);
            }
        }
    }

    /** The verbosity last applied. */
    Verbosity verbosity() {
        return verbosity;
    }
}
