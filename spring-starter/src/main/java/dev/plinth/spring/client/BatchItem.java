package dev.plinth.spring.client;

import dev.plinth.api.error.PluginException;
import java.util.Optional;

/**
 * One element's outcome in a {@link PluginBatch} method's result: the decoded output, or why
 * its call failed.
 *
 * @param value the decoded output, or {@code null} when the call failed (or decoded to null)
 * @param error why the call failed, or {@code null}
 */
public record BatchItem<T>(T value, PluginException error) {

    /** Whether the call succeeded. */
    public boolean succeeded() {
        return error == null;
    }

    /** Why the call failed, if it did. */
    public Optional<PluginException> failure() {
        return Optional.ofNullable(error);
    }

    /**
     * The decoded output.
     *
     * @throws PluginException the call's own error, when it failed
     */
    public T orThrow() {
        if (error != null) {
            throw error;
        }
        return value;
    }
}
