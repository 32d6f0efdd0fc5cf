package dev.plinth.spring.properties;

import dev.plinth.reload.CanaryPolicy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code plinth.canary.*}: how a new version of a plugin comes in (at once, or as a canary with a
 * share of the calls), and when a canary is rolled back on its own. {@code plinth.canary.plugins.<name>.*}
 * overrides any of these for one plugin.
 */
public class CanaryProperties {

    /** IMMEDIATE swaps a new version in at once; CANARY starts it next to the active one. */
    private CanaryPolicy.Mode mode = CanaryPolicy.Mode.IMMEDIATE;

    /** The canary's share of calls when it starts, 0 to 100 (0 stages it without traffic). */
    private int initialWeight = 10;

    /** The canary is rolled back when more than this share of its calls fail, 0 to 1. */
    private double maxFailureRate = 0.05;

    /** The canary is rolled back when the 99th percentile of its latency is above this; unset for no check. */
    private Duration maxLatency;

    /** How many canary calls there must be before the thresholds are judged. */
    private int minCalls = 100;

    /** Promote the canary on its own after this many calls within the thresholds; unset to leave it to an operator. */
    private Integer autoPromoteAfter;

    /** Overrides for single plugins, by plugin name; unset values fall back to the ones above. */
    private final Map<String, CanaryOverride> plugins = new LinkedHashMap<>();

    /** The policy for plugins without an override. */
    public CanaryPolicy toPolicy() {
        return new CanaryPolicy(mode, initialWeight, maxFailureRate, Optional.ofNullable(maxLatency), minCalls,
                autoPromoteAfter == null ? OptionalInt.empty() : OptionalInt.of(autoPromoteAfter));
    }

    /** The policy of each plugin with an override. */
    public Map<String, CanaryPolicy> toPluginPolicies() {
        CanaryPolicy defaults = toPolicy();
        Map<String, CanaryPolicy> policies = new LinkedHashMap<>();
        plugins.forEach((plugin, override) -> policies.put(plugin, override.applyTo(defaults)));
        return policies;
    }

    public CanaryPolicy.Mode getMode() {
        return mode;
    }

    public void setMode(CanaryPolicy.Mode mode) {
        this.mode = mode;
    }

    public int getInitialWeight() {
        return initialWeight;
    }

    public void setInitialWeight(int initialWeight) {
        this.initialWeight = initialWeight;
    }

    public double getMaxFailureRate() {
        return maxFailureRate;
    }

    public void setMaxFailureRate(double maxFailureRate) {
        this.maxFailureRate = maxFailureRate;
    }

    public Duration getMaxLatency() {
        return maxLatency;
    }

    public void setMaxLatency(Duration maxLatency) {
        this.maxLatency = maxLatency;
    }

    public int getMinCalls() {
        return minCalls;
    }

    public void setMinCalls(int minCalls) {
        this.minCalls = minCalls;
    }

    public Integer getAutoPromoteAfter() {
        return autoPromoteAfter;
    }

    public void setAutoPromoteAfter(Integer autoPromoteAfter) {
        this.autoPromoteAfter = autoPromoteAfter;
    }

    public Map<String, CanaryOverride> getPlugins() {
        return plugins;
    }

    /** {@code plinth.canary.plugins.<name>.*}: one plugin's canary settings; unset ones are inherited. */
    public static class CanaryOverride {

        /** IMMEDIATE or CANARY for this plugin. */
        private CanaryPolicy.Mode mode;

        /** The canary's share of calls when it starts, 0 to 100. */
        private Integer initialWeight;

        /** The failure share, 0 to 1, above which this plugin's canary is rolled back. */
        private Double maxFailureRate;

        /** The p99 latency above which this plugin's canary is rolled back. */
        private Duration maxLatency;

        /** How many canary calls before the thresholds are judged. */
        private Integer minCalls;

        /** Promote on its own after this many calls within the thresholds. */
        private Integer autoPromoteAfter;

        CanaryPolicy applyTo(CanaryPolicy base) {
            CanaryPolicy policy = base;
            if (mode != null) {
                policy = policy.withMode(mode);
            }
            if (initialWeight != null) {
                policy = policy.withInitialWeight(initialWeight);
            }
            if (maxFailureRate != null) {
                policy = policy.withMaxFailureRate(maxFailureRate);
            }
            if (maxLatency != null) {
                policy = policy.withMaxLatency(maxLatency);
            }
            if (minCalls != null) {
                policy = policy.withMinCalls(minCalls);
            }
            if (autoPromoteAfter != null) {
                policy = policy.withAutoPromoteAfter(autoPromoteAfter);
            }
            return policy;
        }

        public CanaryPolicy.Mode getMode() {
            return mode;
        }

        public void setMode(CanaryPolicy.Mode mode) {
            this.mode = mode;
        }

        public Integer getInitialWeight() {
            return initialWeight;
        }

        public void setInitialWeight(Integer initialWeight) {
            this.initialWeight = initialWeight;
        }

        public Double getMaxFailureRate() {
            return maxFailureRate;
        }

        public void setMaxFailureRate(Double maxFailureRate) {
            this.maxFailureRate = maxFailureRate;
        }

        public Duration getMaxLatency() {
            return maxLatency;
        }

        public void setMaxLatency(Duration maxLatency) {
            this.maxLatency = maxLatency;
        }

        public Integer getMinCalls() {
            return minCalls;
        }

        public void setMinCalls(Integer minCalls) {
            this.minCalls = minCalls;
        }

        public Integer getAutoPromoteAfter() {
            return autoPromoteAfter;
        }

        public void setAutoPromoteAfter(Integer autoPromoteAfter) {
            this.autoPromoteAfter = autoPromoteAfter;
        }
    }
}
