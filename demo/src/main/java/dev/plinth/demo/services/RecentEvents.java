package dev.plinth.demo.services;

import dev.plinth.api.event.EmittedEvent;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The last {@value #CAPACITY} events plugins emitted, as the application received them (Spring
 * application events published by the starter), so that {@code GET /api/events} can show them.
 */
@Component
public class RecentEvents {
    /** How many events are kept; older ones are forgotten. */
    static final int CAPACITY = 100;

    /** One event as received: who emitted it, its type and payload, and when it arrived. */
    public record Received(String plugin, String versionId, String type, String payload, Instant receivedAt) {
    }

    private final Deque<Received> events = new ArrayDeque<>();

    @EventListener
    void on(EmittedEvent event) {
        Received received = new Received(event.plugin(), event.versionId(), event.type(), event.payload(),
                Instant.now());
        synchronized (events) {
            if (events.size() == CAPACITY) {
                events.removeFirst();
            }
            events.addLast(received);
        }
    }

    /** The newest {@code limit} events, oldest first, of one plugin or (with {@code null}) of all. */
    public List<Received> recent(String plugin, int limit) {
        List<Received> out = new ArrayList<>();
        synchronized (events) {
            for (Received e : events) {
                if (plugin == null || plugin.equals(e.plugin())) {
                    out.add(e);
                }
            }
        }
        return out.subList(Math.max(0, out.size() - limit), out.size());
    }
}
