package dev.plinth.api.deploy;

import dev.plinth.api.VersionInfo;
import java.util.List;
import java.util.Optional;

/**
 * Operator actions on plugin versions: reload, canary weights, promotion, abort and rollback, and
 * the history and events that show what happened. Implemented by the reloading registry; the
 * Spring actuator and the CLI drive it.
 */
public interface PluginDeployments {

    /** The plugin's versions, newest first, bounded in length. */
    List<VersionInfo> history(String plugin);

    /** The canary in progress, if any. */
    Optional<CanaryState> canary(String plugin);

    /** Loads the plugin's files again now; a new checksum becomes a new version per the canary policy. */
    void reload(String plugin);

    /** Sets the canary's share of calls (0 to 100); the active version takes the rest. */
    void setCanaryWeight(String plugin, int weight);

    /**
     * Makes a version the plugin still has loaded the canary, with {@code weight} percent of calls:
     * the version kept for rollback (to go back gradually), or the canary itself (then only its
     * weight changes). A running canary it replaces is withdrawn.
     *
     * @param version as {@link dev.plinth.api.VersionId} writes it ({@code 0.1.0@1a2b3c4d}), or the
     *     version string alone when only one loaded version has it
     * @throws dev.plinth.api.error.PluginNotFoundException when the plugin has no such version
     * @throws IllegalArgumentException when {@code version} names more than one loaded version, or the
     *     weight is not 0 to 100
     * @throws IllegalStateException when the version is the active one, or no longer loaded
     */
    void stageCanary(String plugin, String version, int weight);

    /** Makes the canary the active version. */
    void promote(String plugin);

    /** Withdraws the canary; the active version takes every call again. */
    void abort(String plugin);

    /**
     * Goes back to the previous good version; the version taken out of service is
     * {@link dev.plinth.api.PluginStatus#ROLLED_BACK}.
     */
    void rollback(String plugin);

    /**
     * The plugin sources whose last load failed for a reason that can pass, waiting to be loaded
     * again, with their attempts so far and when the next one starts. The default has none.
     */
    default List<RetryState> retries() {
        return List.of();
    }

    void addListener(PluginEventListener listener);

    void removeListener(PluginEventListener listener);
}
