package dev.plinth.api.error;

/**
 * Root of every error Plinth raises about a plugin. Each subclass carries one stable
 * {@link ErrorCode}; the message says what went wrong and where, in words an operator can act on.
 */
public abstract class PluginException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    protected PluginException(ErrorCode code, String message) {
        this(code, message, null);
    }

    protected PluginException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The stable error code. */
    public ErrorCode code() {
        return code;
    }
}
