package dev.plinth.abi;

/**
 * A guest broke the Extism ABI: a bogus offset or length, an unknown block. Raised inside a host
 * function, it aborts the call and is reported as an {@link dev.plinth.api.error.AbiViolationException}
 * that names the function.
 */
public final class AbiViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String function;

    AbiViolation(String function, String problem) {
        // a function of another namespace comes named in full ("plinth:host/kv set")
        super((function.indexOf(':') >= 0 ? "" : "extism:host/env ") + function + ": " + problem);
        this.function = function;
    }

    /** The {@code extism:host/env} function whose arguments were refused. */
    public String function() {
        return function;
    }
}
