package dev.plinth.api.error;

/** The plugin's signature is missing, does not verify, or comes from an untrusted key. */
public class SignatureException extends PluginException {
    private static final long serialVersionUID = 1L;

    public SignatureException(String message) {
        super(ErrorCode.SIGNATURE, message);
    }

    public SignatureException(String message, Throwable cause) {
        super(ErrorCode.SIGNATURE, message, cause);
    }
}
