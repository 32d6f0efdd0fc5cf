package dev.plinth.api.deploy;

import java.util.Objects;

/**
 * A canary in progress: the active version, the candidate, and the candidate's share of calls.
 *
 * @param weight 0 to 100: the percentage of routing-key buckets (and of keyless calls) the canary takes
 */
public record CanaryState(String plugin, String activeVersion, String canaryVersion, int weight) {
    public CanaryState {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(activeVersion, "activeVersion");
        Objects.requireNonNull(canaryVersion, "canaryVersion");
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight must be 0-100, was " + weight);
        }
    }
}
