package dev.plinth.api.deploy;

import dev.plinth.api.VersionId;
import java.util.Objects;

/**
 * A canary in progress: the active version, the candidate, and the candidate's share of calls.
 * Both are named by {@link VersionId}, since a canary may keep the active version's version string.
 *
 * @param weight 0 to 100: the percentage of routing-key buckets (and of keyless calls) the canary
 *     takes; the active version takes the rest
 */
public record CanaryState(String plugin, VersionId active, VersionId canary, int weight) {
    public CanaryState {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(active, "active");
        Objects.requireNonNull(canary, "canary");
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight must be 0-100, was " + weight);
        }
    }

    /** The active version's version string. */
    public String activeVersion() {
        return active.version();
    }

    /** The canary's version string. */
    public String canaryVersion() {
        return canary.version();
    }
}
