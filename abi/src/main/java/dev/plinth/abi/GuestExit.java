package dev.plinth.abi;

/**
 * A guest called WASI's {@code proc_exit}: thrown to unwind its stack, carrying the code it chose.
 * As in Extism, code 0 is success (the output it set stands) and any other code is a failure that
 * carries it; either way the guest's stack was cut short, so its instance is not reused.
 */
public final class GuestExit extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;

    GuestExit(int code) {
        super("proc_exit(" + code + ")", null, false, false);
        this.code = code;
    }

    /** The exit code the guest passed to {@code proc_exit}. */
    public int code() {
        return code;
    }

    /** The exit in {@code failure}'s cause chain (an engine may wrap what a host function threw), or {@code null}. */
    public static GuestExit in(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof GuestExit exit) {
                return exit;
            }
        }
        return null;
    }
}
