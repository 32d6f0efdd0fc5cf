package dev.plinth.security.policy;

import dev.plinth.api.event.EventTypes;
import java.util.List;

/**
 * The events a plugin may emit and receive, and how much it may emit: granted by the operator
 * ({@code events = { emit = ["*"], subscribe = ["price.*"], max-emits-per-call = 100,
 * max-payload-size = "64KB" }}); in effect, the asked patterns the granted ones cover, under the
 * granted bounds.
 *
 * @param emit patterns of the types it may emit ({@link EventTypes})
 * @param subscribe patterns of the published types it receives
 * @param maxEmitsPerCall the most events one call may emit
 * @param maxPayloadBytes the largest payload of an event it emits
 */
public record EventsGrant(List<String> emit, List<String> subscribe, int maxEmitsPerCall, long maxPayloadBytes) {
    /** The most events a call may emit unless granted otherwise. */
    public static final int DEFAULT_EMITS_PER_CALL = 100;
    /** The largest payload unless granted otherwise: 64 KiB. */
    public static final long DEFAULT_PAYLOAD_BYTES = 64 * 1024;

    public EventsGrant {
        emit = List.copyOf(emit);
        subscribe = List.copyOf(subscribe);
        emit.forEach(EventTypes::checkPattern);
        subscribe.forEach(EventTypes::checkPattern);
        if (maxEmitsPerCall <= 0) {
            throw new IllegalArgumentException("max-emits-per-call must be positive, was " + maxEmitsPerCall);
        }
        if (maxPayloadBytes <= 0 || maxPayloadBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("max-payload-size must be positive and under 2GB, was "
                    + maxPayloadBytes);
        }
    }

    /** Whether a type may be emitted. */
    public boolean mayEmit(String type) {
        return emit.stream().anyMatch(p -> EventTypes.matches(p, type));
    }

    /** Whether the plugin receives a published type. */
    public boolean receives(String type) {
        return subscribe.stream().anyMatch(p -> EventTypes.matches(p, type));
    }

    @Override
    public String toString() {
        return "emit " + (emit.isEmpty() ? "none" : String.join(", ", emit)) + "; receive "
                + (subscribe.isEmpty() ? "none" : String.join(", ", subscribe)) + "; at most " + maxEmitsPerCall
                + " a call of " + dev.plinth.api.unit.DataSize.ofBytes(maxPayloadBytes) + " each";
    }
}
