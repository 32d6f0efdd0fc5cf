package dev.plinth.spring.endpoint;

import dev.plinth.api.deploy.PluginDeployments;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The operator actions {@code POST /actuator/plugins/{name}} takes, and what each does. */
enum PluginAction {
    RELOAD, PROMOTE, ROLLBACK, ABORT, CANARY;

    static Optional<PluginAction> parse(String text) {
        return Arrays.stream(values()).filter(a -> a.wireName().equals(text)).findFirst();
    }

    static String choices() {
        return Arrays.stream(values()).map(PluginAction::wireName).collect(Collectors.joining(", "));
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the action needs a {@code weight}. */
    boolean needsWeight() {
        return this == CANARY;
    }

    /** Whether the action may name a {@code version}. */
    boolean takesVersion() {
        return this == CANARY;
    }

    /**
     * @param version for {@code canary}: the loaded version to stage as canary
     *     ({@code 0.1.0@1a2b3c4d}), or null to change the running canary's weight
     */
    void apply(PluginDeployments deployments, String plugin, Integer weight, String version) {
        switch (this) {
            case RELOAD -> deployments.reload(plugin);
            case PROMOTE -> deployments.promote(plugin);
            case ROLLBACK -> deployments.rollback(plugin);
            case ABORT -> deployments.abort(plugin);
            case CANARY -> {
                if (version == null) {
                    deployments.setCanaryWeight(plugin, weight);
                } else {
                    deployments.stageCanary(plugin, version, weight);
                }
            }
        }
    }
}
