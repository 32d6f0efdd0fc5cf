package dev.plinth.api;

import java.util.Locale;

/** Where a plugin version stands in its life: from staged, through serving, to retired or failed. */
public enum PluginStatus {
    /** Loaded and checked, not yet taking traffic. */
    STAGED,
    /** Taking a weighted share of traffic next to the active version. */
    CANARY,
    /** Serving calls. */
    ACTIVE,
    /** Replaced by a newer version, or withdrawn by request; finishing its in-flight calls, then closed. */
    DEPRECATED,
    /** Taken out of service by an operator's rollback; nothing is known against it. */
    ROLLED_BACK,
    /**
     * Could not be loaded, or was rolled back automatically for misbehaving;
     * {@link VersionInfo#lastError()} says why.
     */
    FAILED;

    /** The status as JSON, logs and the CLI write it: lower case, words joined by '-' ({@code rolled-back}). */
    public String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
