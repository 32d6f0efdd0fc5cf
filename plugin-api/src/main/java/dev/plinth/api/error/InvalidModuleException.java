package dev.plinth.api.error;

/** The plugin's WebAssembly file is missing, malformed, fails validation or cannot be linked. */
public class InvalidModuleException extends PluginException {
    private static final long serialVersionUID = 1L;

    public InvalidModuleException(String message) {
        super(ErrorCode.INVALID_MODULE, message);
    }

    public InvalidModuleException(String message, Throwable cause) {
        super(ErrorCode.INVALID_MODULE, message, cause);
    }
}
