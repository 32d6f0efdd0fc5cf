package dev.plinth.config;

import dev.plinth.api.event.EventTypes;
import dev.plinth.api.event.EventsPermission;
import dev.plinth.api.unit.DataSize;
import dev.plinth.security.policy.EventsGrant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code events} in a manifest's {@code [permissions]} ({@code { emit = [...], subscribe = [...] }})
 * and in a policy's plugin grant (the same, with {@code max-emits-per-call} and
 * {@code max-payload-size}).
 */
final class EventsReader {
    static final String KEY = "events";

    private EventsReader() {
    }

    static Optional<EventsPermission> ask(TomlTable t) {
        return t.table(KEY).map(e -> {
            e.allowOnly(List.of("emit", "subscribe"));
            return new EventsPermission(patterns(e, "emit"), patterns(e, "subscribe"));
        });
    }

    static Optional<EventsGrant> grant(TomlTable t) {
        return t.table(KEY).map(e -> {
            e.allowOnly(List.of("emit", "subscribe", "max-emits-per-call", "max-payload-size"));
            OptionalLong emits = e.integer("max-emits-per-call");
            if (emits.isPresent() && (emits.getAsLong() <= 0 || emits.getAsLong() > 1_000_000)) {
                throw e.error("max-emits-per-call", "must be between 1 and 1000000, found " + emits.getAsLong());
            }
            long payload = e.string("max-payload-size", "64KB").map(text -> {
                try {
                    return DataSize.parse(text).toBytes();
                } catch (IllegalArgumentException ex) {
                    throw e.error("max-payload-size", ex.getMessage(), ex);
                }
            }).orElse(EventsGrant.DEFAULT_PAYLOAD_BYTES);
            if (payload <= 0 || payload > Integer.MAX_VALUE - 16) {
                throw e.error("max-payload-size", "must be more than 0 and under 2GB");
            }
            return new EventsGrant(patterns(e, "emit"), patterns(e, "subscribe"),
                    (int) emits.orElse(EventsGrant.DEFAULT_EMITS_PER_CALL), payload);
        });
    }

    private static List<String> patterns(TomlTable e, String key) {
        return List.copyOf(new java.util.LinkedHashSet<>(e.rules(key, "order.*", EventTypes::checkPattern)));
    }
}
