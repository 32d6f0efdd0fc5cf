package dev.plinth.api.batch;

import dev.plinth.api.error.PluginTimeoutException;

/**
 * A batch item that was not started because the batch's deadline had passed: code
 * {@code timeout}, like a call stopped at its own deadline.
 */
public class BatchTimeoutException extends PluginTimeoutException {
    private static final long serialVersionUID = 1L;

    public BatchTimeoutException(String message) {
        super(message);
    }
}
