package dev.plinth.api.event;

/**
 * Receives the events plugins emit. Called on Plinth's event thread, one event at a time, in the
 * order they were emitted; what it throws is logged and does not reach the plugin or other
 * listeners. A slow listener makes the bounded queue fill, and then plugins' emits are refused.
 */
@FunctionalInterface
public interface EmittedEventListener {
    void onEvent(EmittedEvent event);
}
