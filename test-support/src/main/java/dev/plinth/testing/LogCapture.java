package dev.plinth.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures what one logger writes while a test runs (Logback's {@link ListAppender}), at the level
 * given, so that a test can count the lines and bytes a plugin made the host log. Close it to detach.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final Level before;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(String name, Level level) {
        logger = (Logger) LoggerFactory.getLogger(name);
        before = logger.getLevel();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(level);
    }

    /** Captures logger {@code name} (and its children) at {@code level} and above. */
    public static LogCapture of(String name, Level level) {
        return new LogCapture(name, level);
    }

    /** Every event so far. */
    public List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    /** The formatted messages of the events at {@code level}. */
    public List<String> messages(Level level) {
        return events().stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** The UTF-8 bytes of every formatted message so far: what the host wrote for the logger. */
    public long bytes() {
        return events().stream().mapToLong(e -> e.getFormattedMessage().getBytes(StandardCharsets.UTF_8).length)
                .sum();
    }

    /** Forgets what was captured so far. */
    public void clear() {
        appender.list.clear();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(before);
    }
}
