package dev.plinth.api;

import java.util.Objects;
import java.util.Optional;

/**
 * One call of a plugin's exported function.
 *
 * @param plugin the plugin's name
 * @param function the exported function's name
 * @param input the bytes handed to the plugin as its input
 * @param routingKey optional key (user id, request id) that keeps a caller on one version while a
 *     canary runs
 */
public record CallRequest(String plugin, String function, byte[] input, Optional<String> routingKey) {
    public CallRequest {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(routingKey, "routingKey");
    }

    public static CallRequest of(String plugin, String function, byte[] input) {
        return new CallRequest(plugin, function, input, Optional.empty());
    }

    public CallRequest withRoutingKey(String key) {
        return new CallRequest(plugin, function, input, Optional.ofNullable(key));
    }
}
