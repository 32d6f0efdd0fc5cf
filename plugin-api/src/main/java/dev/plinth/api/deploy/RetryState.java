package dev.plinth.api.deploy;

import dev.plinth.api.error.ErrorCode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * A plugin source whose last load failed for a reason that can pass, waiting to be loaded again:
 * what the actuator shows ({@link PluginDeployments#retries()}).
 *
 * @param plugin the plugin's name
 * @param source its files
 * @param attempts how many loads of these files have failed so far
 * @param nextAttemptAt when the next load starts
 * @param lastError the code of the last failure
 * @param lastMessage its message
 */
public record RetryState(String plugin, Path source, int attempts, Instant nextAttemptAt, ErrorCode lastError,
        String lastMessage) {
    public RetryState {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(lastMessage, "lastMessage");
    }
}
