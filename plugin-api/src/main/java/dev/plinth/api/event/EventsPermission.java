package dev.plinth.api.event;

import java.util.List;

/**
 * {@code [permissions] events = { emit = ["order.*"], subscribe = ["price.changed"] }}: the event
 * types a plugin asks to emit through {@code plinth:host/events} and those it asks to receive in
 * its handler ({@code plinth_on_event}). Both are patterns ({@link EventTypes}).
 *
 * @param emit patterns of the types it may emit
 * @param subscribe patterns of the types the host publishes that it receives
 */
public record EventsPermission(List<String> emit, List<String> subscribe) {
    public EventsPermission {
        emit = List.copyOf(emit);
        subscribe = List.copyOf(subscribe);
        emit.forEach(EventTypes::checkPattern);
        subscribe.forEach(EventTypes::checkPattern);
    }
}
