package dev.plinth.reload;

import dev.plinth.api.PluginError;
import dev.plinth.api.VersionId;
import dev.plinth.api.deploy.PluginEvent;
import dev.plinth.api.deploy.PluginEventType;
import dev.plinth.api.error.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The events one change makes, gathered while locks are held and handed to listeners by
 * {@link EventHub#publish} after they are released, so that a listener can never deadlock the
 * registry. Used by one thread.
 */
final class EventBatch {
    private final Clock clock;
    private final List<PluginEvent> events = new ArrayList<>();

    EventBatch(Clock clock) {
        this.clock = clock;
    }

    void add(PluginEventType type, String plugin, VersionId version, String message, Map<String, Number> figures) {
        events.add(new PluginEvent(type, plugin, version.version(), version.digest(), message, figures,
                clock.instant()));
    }

    /** The registry's idea of now. */
    Instant now() {
        return clock.instant();
    }

    PluginError error(ErrorCode code, String message) {
        return new PluginError(code, message, now());
    }

    /** The events gathered so far, in order; the batch is empty afterwards. */
    List<PluginEvent> drain() {
        List<PluginEvent> out = List.copyOf(events);
        events.clear();
        return out;
    }
}
