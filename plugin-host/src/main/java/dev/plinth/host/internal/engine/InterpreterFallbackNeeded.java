package dev.plinth.host.internal.engine;

/**
 * A function of the module is too large for one JVM method, so in compiled mode it would run in
 * Chicory's interpreter, which does not see a call's deadline: the loader meters such a module so
 * that the deadline can stop it, and compiles it again with the fallback allowed.
 */
public final class InterpreterFallbackNeeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InterpreterFallbackNeeded(String message, Throwable cause) {
        super(message, cause);
    }
}
