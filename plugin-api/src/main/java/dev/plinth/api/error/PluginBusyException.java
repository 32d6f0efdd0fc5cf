package dev.plinth.api.error;

/** Every instance of the plugin was busy for longer than the caller was willing to wait. */
public class PluginBusyException extends PluginException {
    private static final long serialVersionUID = 1L;

    public PluginBusyException(String message) {
        super(ErrorCode.BUSY, message);
    }

    public PluginBusyException(String message, Throwable cause) {
        super(ErrorCode.BUSY, message, cause);
    }
}
