package dev.plinth.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.io.PrintWriter;

/**
 * Writes log events to the run's stderr writer, one line each. A plugin's lines are labelled with
 * the plugin's name ({@code INFO log-enricher: [enrich] ...}); the host's with its class name.
 */
final class StderrAppender extends AppenderBase<ILoggingEvent> {
    /** Plinth logs what a plugin writes under this logger name plus the plugin's name. */
    static final String PLUGIN_LOGGERS = "plinth.plugin";

    private final PrintWriter err;
    private final boolean stackTraces;

    StderrAppender(PrintWriter err, boolean stackTraces) {
        this.err = err;
        this.stackTraces = stackTraces;
        setName("plinth-stderr");
    }

    @Override
    protected void append(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128)
                .append(event.getLevel()).append(' ')
                .append(source(event.getLoggerName())).append(": ")
                .append(event.getFormattedMessage());
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(stackTraces ? System.lineSeparator() + ThrowableProxyUtil.asString(thrown)
                    : " (" + thrown.getClassName() + ": " + thrown.getMessage() + ")");
        }
        err.println(line);
        err.flush();
    }

    /** The plugin's name for plugin lines, the simple class name for everything else. */
    static String source(String loggerName) {
        if (loggerName.startsWith(PLUGIN_LOGGERS + ".")) {
            return loggerName.substring(PLUGIN_LOGGERS.length() + 1);
        }
        return loggerName.substring(loggerName.lastIndexOf('.') + 1);
    }
}
