package dev.plinth.api;

import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.unit.TextCap;
import java.time.Instant;
import java.util.Objects;

/**
 * An error remembered about a plugin: its stable code, the message, and when it happened. The
 * message may carry text the plugin chose (its {@code error_set} message), so the factories cut it
 * to a bounded length: what is remembered stays small whatever the plugin sent.
 */
public record PluginError(ErrorCode code, String message, Instant at) {
    /**
     * The longest message {@link #of(PluginException)} keeps, in characters: the default
     * {@linkplain LogLimits#maxErrorBytes() error size} plus room for the host's own words.
     */
    public static final int DEFAULT_MAX_MESSAGE_CHARS = LogLimits.DEFAULTS.maxErrorBytes() + 1024;

    public PluginError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(at, "at");
    }

    /** Captures a plugin exception as it happens now, its message cut at {@link #DEFAULT_MAX_MESSAGE_CHARS}. */
    public static PluginError of(PluginException e) {
        return of(e, DEFAULT_MAX_MESSAGE_CHARS);
    }

    /** Captures a plugin exception as it happens now, its message cut at {@code maxMessageChars} (marked). */
    public static PluginError of(PluginException e, int maxMessageChars) {
        String message = e.getMessage() == null ? e.code().code() : e.getMessage();
        return new PluginError(e.code(), TextCap.chars(message, maxMessageChars), Instant.now());
    }
}
