package dev.plinth.security.signature;

/**
 * A key file or signature file that Plinth cannot use: not PEM, not Ed25519, a broken line. The
 * message names the file and says what is wrong with it, in words an operator can act on.
 */
public class SigningFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SigningFileException(String message) {
        super(message);
    }

    public SigningFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
