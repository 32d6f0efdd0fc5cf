package dev.plinth.api;

import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginException;
import java.time.Instant;
import java.util.Objects;

/** An error remembered about a plugin: its stable code, the message, and when it happened. */
public record PluginError(ErrorCode code, String message, Instant at) {
    public PluginError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(at, "at");
    }

    /** Captures a plugin exception as it happens now. */
    public static PluginError of(PluginException e) {
        return new PluginError(e.code(), e.getMessage(), Instant.now());
    }
}
