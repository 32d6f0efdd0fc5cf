package dev.plinth.api.error;

/** No plugin, version or exported function answers to the name asked for. */
public class PluginNotFoundException extends PluginException {
    private static final long serialVersionUID = 1L;

    public PluginNotFoundException(String message) {
        super(ErrorCode.NOT_FOUND, message);
    }

    public PluginNotFoundException(String message, Throwable cause) {
        super(ErrorCode.NOT_FOUND, message, cause);
    }
}
