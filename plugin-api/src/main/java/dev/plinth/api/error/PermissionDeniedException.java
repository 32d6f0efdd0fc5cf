package dev.plinth.api.error;

/** The plugin touched a file, host or function that the operator did not grant it. */
public class PermissionDeniedException extends PluginException {
    private static final long serialVersionUID = 1L;

    public PermissionDeniedException(String message) {
        super(ErrorCode.PERMISSION_DENIED, message);
    }

    public PermissionDeniedException(String message, Throwable cause) {
        super(ErrorCode.PERMISSION_DENIED, message, cause);
    }
}
