package dev.plinth.component;

import dev.plinth.api.error.PluginTrapException;

/**
 * The guest broke the canonical ABI while values crossed the boundary: a pointer or length outside its
 * memory, a misaligned pointer, invalid UTF-8 or UTF-16, a bad discriminant or flag bit, a char out of
 * range, a list or string over the host's limit, a forged or dropped handle. The call failed as a trap;
 * the component instance that did it is dead and refuses further calls.
 */
public final class CanonicalAbiException extends PluginTrapException {
    private static final long serialVersionUID = 1L;

    /** What kind of rule was broken, for tests, audits and metrics. */
    public enum Violation {
        OUT_OF_BOUNDS, MISALIGNED, INVALID_UTF8, INVALID_UTF16, INVALID_CHAR, BAD_DISCRIMINANT, BAD_FLAGS,
        TOO_LARGE, BAD_HANDLE, MISSING_OPTION, GUEST_TRAP, DEAD_INSTANCE
    }

    private final Violation violation;

    public CanonicalAbiException(Violation violation, String message) {
        this(violation, message, null);
    }

    public CanonicalAbiException(Violation violation, String message, Throwable cause) {
        super("canonical ABI: " + message, null, cause);
        this.violation = violation;
    }

    public Violation violation() {
        return violation;
    }
}
