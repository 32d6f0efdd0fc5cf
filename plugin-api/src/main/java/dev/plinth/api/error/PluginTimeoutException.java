package dev.plinth.api.error;

/** The call ran past its wall-clock deadline and was stopped. */
public class PluginTimeoutException extends PluginException {
    private static final long serialVersionUID = 1L;

    public PluginTimeoutException(String message) {
        super(ErrorCode.TIMEOUT, message);
    }

    public PluginTimeoutException(String message, Throwable cause) {
        super(ErrorCode.TIMEOUT, message, cause);
    }
}
