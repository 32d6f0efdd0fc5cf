package dev.plinth.component.wit;

import java.util.Objects;

/**
 * A WIT source that does not parse or resolve: the message starts with {@code file:line:column}
 * and says what was expected or what is wrong.
 */
public final class WitException extends RuntimeException {
    private final Position position;

    public WitException(Position position, String message) {
        super(position + ": " + message);
        this.position = Objects.requireNonNull(position, "position");
    }

    /** Where the error is. */
    public Position position() {
        return position;
    }
}
