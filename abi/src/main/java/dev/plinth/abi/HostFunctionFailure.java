package dev.plinth.abi;

/** An application host function threw; the call that used it fails as a trap naming the function. */
public final class HostFunctionFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HostFunctionFailure(String function, Throwable cause) {
        super("host function extism:host/user " + function + " failed: " + cause, cause);
    }
}
