package dev.plinth.host.internal.engine;

/**
 * What the host contains when it is thrown while a plugin runs, instantiates or loads, and what
 * it lets through. Contained (made a typed {@code PluginException} by {@link FailureTranslator}):
 * every {@link RuntimeException}; {@link OutOfMemoryError}, since the plugin's instance and the
 * allocation that failed are dropped with the call, which frees the heap they held;
 * {@link StackOverflowError}, since the stack unwinds with the call; and every other
 * {@link Error} (an {@link AssertionError} or {@link LinkageError} from a host function, for
 * instance), which hurts only the call that raised it. Let through: the other
 * {@link VirtualMachineError}s ({@link InternalError}, {@link UnknownError}), after which the JVM
 * itself may be broken, and {@link ThreadDeath}, which is a request to stop the thread.
 */
public final class Containment {
    private Containment() {
    }

    /** Whether {@code thrown} is contained; see the class description. */
    public static boolean contained(Throwable thrown) {
        if (thrown instanceof OutOfMemoryError || thrown instanceof StackOverflowError) {
            return true;
        }
        return !(thrown instanceof VirtualMachineError) && !(thrown instanceof ThreadDeath);
    }

    /** Rethrows {@code thrown} if it is not contained; returns otherwise. */
    public static void rethrowIfNotContained(Throwable thrown) {
        if (!contained(thrown)) {
            if (thrown instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(thrown);
        }
    }
}
