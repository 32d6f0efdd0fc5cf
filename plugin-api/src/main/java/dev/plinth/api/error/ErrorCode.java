package dev.plinth.api.error;

/**
 * The stable codes of every error Plinth reports. The actuator, the CLI and HTTP problem
 * responses all use {@link #code()}, so clients can match on it across versions.
 */
public enum ErrorCode {
    NOT_FOUND("not-found"),
    INVALID_MODULE("invalid-module"),
    INVALID_MANIFEST("invalid-manifest"),
    INCOMPATIBLE("incompatible"),
    SIGNATURE("signature"),
    PERMISSION_DENIED("permission-denied"),
    FUEL_EXHAUSTED("fuel-exhausted"),
    MEMORY_LIMIT("memory-limit"),
    TIMEOUT("timeout"),
    TRAP("trap"),
    BUSY("busy"),
    PLUGIN_ERROR("plugin-error"),
    TOO_LARGE("too-large");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    /** The code as it appears on the wire, for example {@code fuel-exhausted}. */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code;
    }
}
