package dev.plinth.api.error;

/** The plugin needs a guest-API version (its {@code host-api} range) that this host does not offer. */
public class IncompatiblePluginException extends PluginException {
    private static final long serialVersionUID = 1L;

    public IncompatiblePluginException(String message) {
        super(ErrorCode.INCOMPATIBLE, message);
    }

    public IncompatiblePluginException(String message, Throwable cause) {
        super(ErrorCode.INCOMPATIBLE, message, cause);
    }
}
