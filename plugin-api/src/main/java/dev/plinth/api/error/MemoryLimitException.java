package dev.plinth.api.error;

/** The plugin needed more memory than its limit allows. */
public class MemoryLimitException extends PluginException {
    private static final long serialVersionUID = 1L;

    public MemoryLimitException(String message) {
        super(ErrorCode.MEMORY_LIMIT, message);
    }

    public MemoryLimitException(String message, Throwable cause) {
        super(ErrorCode.MEMORY_LIMIT, message, cause);
    }
}
