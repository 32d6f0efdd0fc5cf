package dev.plinth.host.internal.registry;

import org.slf4j.MDC;

/**
 * Puts the plugin, version and function of a call into SLF4J's {@link MDC} while the call runs on
 * the caller's thread, so that every line logged meanwhile (the plugin's own, forwarded to its
 * logger, a host function's, the host's) says which call it belongs to. {@link #close()} puts back
 * what was there before: a call made from inside another call (a host function calling a plugin)
 * leaves the outer call's keys as they were, and an outermost call leaves none behind.
 */
final class CallMdc implements AutoCloseable {
    /** The plugin's name. */
    static final String PLUGIN = "plinth.plugin";
    /** The version that runs the call, with its short digest: {@code 0.1.0@1a2b3c4d}. */
    static final String VERSION = "plinth.version";
    /** The export called. */
    static final String FUNCTION = "plinth.function";

    private final String outerPlugin;
    private final String outerVersion;
    private final String outerFunction;

    private CallMdc(String plugin, String version, String function) {
        outerPlugin = swap(PLUGIN, plugin);
        outerVersion = swap(VERSION, version);
        outerFunction = swap(FUNCTION, function);
    }

    /** Sets the keys of a call; close the result when the call ends. */
    static CallMdc enter(String plugin, String version, String function) {
        return new CallMdc(plugin, version, function);
    }

    @Override
    public void close() {
        restore(PLUGIN, outerPlugin);
        restore(VERSION, outerVersion);
        restore(FUNCTION, outerFunction);
    }

    private static String swap(String key, String value) {
        String outer = MDC.get(key);
        MDC.put(key, value);
        return outer;
    }

    private static void restore(String key, String outer) {
        if (outer == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, outer);
        }
    }
}
