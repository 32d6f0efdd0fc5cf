package dev.plinth.api.batch;

import dev.plinth.api.CallRequest;
import dev.plinth.api.CallResult;
import dev.plinth.api.error.PluginException;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one call of a batch: its result or its error, never both, so that one failing
 * item does not fail the others.
 *
 * @param request the call, as it was given
 * @param result its result, or {@code null} when it failed
 * @param error why it failed, or {@code null} when it succeeded
 */
public record BatchResult(CallRequest request, CallResult result, PluginException error) {
    public BatchResult {
        Objects.requireNonNull(request, "request");
        if ((result == null) == (error == null)) {
            throw new IllegalArgumentException("a batch result has a result or an error, exactly one");
        }
    }

    /** A call that succeeded. */
    public static BatchResult success(CallRequest request, CallResult result) {
        return new BatchResult(request, Objects.requireNonNull(result, "result"), null);
    }

    /** A call that failed. */
    public static BatchResult failure(CallRequest request, PluginException error) {
        return new BatchResult(request, null, Objects.requireNonNull(error, "error"));
    }

    /** Whether the call succeeded. */
    public boolean succeeded() {
        return result != null;
    }

    /** Why it failed, if it did. */
    public Optional<PluginException> failure() {
        return Optional.ofNullable(error);
    }

    /**
     * The call's output.
     *
     * @throws PluginException the call's own error, when it failed
     */
    public byte[] output() {
        if (error != null) {
            throw error;
        }
        return result.output();
    }
}
