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

    void apply(PluginDeployments deployments, String plugin, Integer weight) {
        switch (this) {
            case RELOAD -> deployments.reload(plugin);
            case PROMOTE -> deployments.promote(plugin);
            case ROLLBACK -> deployments.rollback(plugin);
            case ABORT -> deployments.abort(plugin);
            case CANARY -> deployments.setCanaryWeight(plugin, weight);
        }
    }
}
