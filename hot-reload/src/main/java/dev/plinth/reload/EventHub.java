package dev.plinth.reload;

import dev.plinth.api.deploy.PluginEvent;
import dev.plinth.api.deploy.PluginEventListener;
import dev.plinth.api.deploy.PluginEventType;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every {@link PluginEvent} (its version as {@code 0.1.0@1a2b3c4d}) and hands it to the
 * listeners, in order, on the thread that made
 * the change. A listener that throws is logged and the others still hear of the event.
 */
final class EventHub {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingRegistry.class);

    private final Clock clock;
    private final List<PluginEventListener> listeners = new CopyOnWriteArrayList<>();

    EventHub(Clock clock) {
        this.clock = clock;
    }

    EventBatch batch() {
        return new EventBatch(clock);
    }

    void add(PluginEventListener listener) {
        listeners.add(listener);
    }

    void remove(PluginEventListener listener) {
        listeners.remove(listener);
    }

    void publish(EventBatch batch) {
        for (PluginEvent event : batch.drain()) {
            log(event);
            for (PluginEventListener listener : listeners) {
                try {
                    listener.onEvent(event);
                } catch (RuntimeException e) {
                    LOG.warn("plugin event listener {} failed on {}", listener, event, e);
                }
            }
        }
    }

    private static void log(PluginEvent event) {
        boolean bad = event.type() == PluginEventType.FAILED || event.type() == PluginEventType.ROLLED_BACK;
        if (bad) {
            LOG.warn("{} {} {}: {} {}", event.type(), event.plugin(), event.versionId(), event.message(),
                    event.figures());
        } else {
            LOG.info("{} {} {}: {} {}", event.type(), event.plugin(), event.versionId(), event.message(),
                    event.figures());
        }
    }
}
