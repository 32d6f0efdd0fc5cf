package dev.plinth.api.error;

/** An input, output, variable or log line exceeded its size limit. */
public class PayloadTooLargeException extends PluginException {
    private static final long serialVersionUID = 1L;

    public PayloadTooLargeException(String message) {
        super(ErrorCode.TOO_LARGE, message);
    }

    public PayloadTooLargeException(String message, Throwable cause) {
        super(ErrorCode.TOO_LARGE, message, cause);
    }
}
