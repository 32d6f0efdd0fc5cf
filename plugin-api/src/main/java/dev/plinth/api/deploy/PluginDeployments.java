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

    /** Sets the canary's share of calls (0 to 100). */
    void setCanaryWeight(String plugin, int weight);

    /** Makes the canary the active version. */
    void promote(String plugin);

    /** Withdraws the canary; the active version takes every call again. */
    void abort(String plugin);

    /** Goes back to the previous good version. */
    void rollback(String plugin);

    void addListener(PluginEventListener listener);

    void removeListener(PluginEventListener listener);
}
