package dev.plinth.component.value;

/**
 * A value the host built or passed is not one of its type: out of range, an unknown case or flag,
 * the wrong kind of value for the function's parameter. The host's own mistake; no guest code ran.
 */
public final class InvalidValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidValueException(String message) {
        super(message);
    }
}
