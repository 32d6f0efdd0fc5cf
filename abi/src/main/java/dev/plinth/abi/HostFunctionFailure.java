package dev.plinth.abi;

/** An application host function threw or broke its signature; the call that used it fails as a trap naming the function. */
public final class HostFunctionFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param function the function as {@code namespace::name} */
    HostFunctionFailure(String function, Throwable cause) {
        super("host function " + function + " failed: " + cause, cause);
    }

    /** @param problem what the function did wrong, e.g. "returned (i32 1), but it declares results (i64)" */
    HostFunctionFailure(String function, String problem) {
        super("host function " + function + " " + problem);
    }
}
