package dev.plinth.api;

/** Where a plugin version stands in its life: from staged, through serving, to retired or failed. */
public enum PluginStatus {
    /** Loaded and checked, not yet taking traffic. */
    STAGED,
    /** Taking a weighted share of traffic next to the active version. */
    CANARY,
    /** Serving calls. */
    ACTIVE,
    /** Replaced by a newer version; finishing its in-flight calls, then closed. */
    DEPRECATED,
    /** Could not be loaded, or was rolled back; {@link VersionInfo#lastError()} says why. */
    FAILED
}
