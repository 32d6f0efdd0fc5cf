package dev.plinth.api.event;

import java.util.Objects;

/**
 * An event a plugin emitted ({@code plinth:host/events emit}), as the application receives it: through an
 * {@link EmittedEventListener}, and in Spring as an application event.
 *
 * @param plugin the plugin's name
 * @param versionId the version that emitted it, {@code 0.1.0@1a2b3c4d}
 * @param type its type, such as {@code order.created}
 * @param payload its payload, UTF-8 text (often JSON); may be empty
 */
public record EmittedEvent(String plugin, String versionId, String type, String payload) {
    public EmittedEvent {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
    }
}
