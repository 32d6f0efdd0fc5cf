package dev.plinth.api.lifecycle;

import java.util.Set;

/**
 * The names of the optional lifecycle exports that Plinth calls itself. Each is an ordinary
 * Extism-style export of type {@code () -> i32} (or {@code () -> ()}): it reads its input with
 * {@code input_*}, sets its output with {@code output_set} and fails by returning non-zero or
 * setting an error, so any Extism PDK can write one. They are not callable by applications; the
 * host calls them at the points their constants say (see docs/engine.md, "Lifecycle exports").
 */
public final class LifecycleExports {
    /**
     * Called on every new instance, after its runtime's own initializers ({@code _initialize} and
     * the like), before the instance takes a call. Input: the plugin's config as a JSON object of
     * strings. A failure keeps the instance, and at load the version, out of service.
     */
    public static final String INITIALIZE = "plinth_initialize";
    /**
     * Called once at load, after the first instance is initialized. No input; output: a JSON
     * object {@code {"name", "version", "description", "author", "capabilities": [..]}}, checked
     * against {@code plugin.toml}.
     */
    public static final String METADATA = "plinth_metadata";
    /** Called when an operator asks for the plugin's status. No input; output: any JSON value. */
    public static final String STATUS = "plinth_status";
    /**
     * Called once before a version is unloaded, on one of its instances, under the shutdown
     * deadline. No input, no output; a failure or a hang is logged and audited, and the unload
     * goes on.
     */
    public static final String SHUTDOWN = "plinth_shutdown";

    /** Every lifecycle export name. */
    public static final Set<String> ALL = Set.of(INITIALIZE, METADATA, STATUS, SHUTDOWN);

    private LifecycleExports() {
    }

    /** Whether {@code export} is one of the lifecycle exports, which applications cannot call. */
    public static boolean isLifecycle(String export) {
        return ALL.contains(export);
    }
}
