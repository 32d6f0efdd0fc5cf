package dev.plinth.api.event;

/**
 * Publishes an event from the application to the plugins that subscribe to its type
 * ({@code events = { subscribe = [...] }}, granted) and export {@code plinth_on_event}. Delivery is
 * asynchronous and bounded: a full queue refuses the event. A plugin's handler that fails does not
 * affect other subscribers or the publisher.
 */
public interface EventPublisher {
    /**
     * Queues an event for every subscriber.
     *
     * @return whether it was queued ({@code false}: the queue is full)
     * @throws IllegalArgumentException when {@code type} is not an event type ({@link EventTypes})
     */
    boolean publish(String type, String payload);
}
