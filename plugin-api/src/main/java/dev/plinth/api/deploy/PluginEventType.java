package dev.plinth.api.deploy;

/** What happened to a plugin's versions. */
public enum PluginEventType {
    /** A new or changed file was noticed (and found complete). */
    DETECTED,
    /** A version was loaded, checked and instantiated. */
    LOADED,
    /** A version could not be loaded; the one serving before keeps serving. */
    FAILED,
    /** A new version began taking a share of calls. */
    CANARY_STARTED,
    /** The canary's share changed. */
    WEIGHT_CHANGED,
    /** A version became the active one. */
    PROMOTED,
    /** The canary was withdrawn by request. */
    ABORTED,
    /** A version was withdrawn because it misbehaved, or by request, and the previous good one serves. */
    ROLLED_BACK,
    /** The plugin's files went away and it stopped serving. */
    UNLOADED,
    /**
     * A version failed to load for a reason that can pass (its initialize failed, its file was
     * incomplete): it is loaded again later; figures {@code attempt} and {@code delayMillis}.
     */
    RETRY_SCHEDULED
}
