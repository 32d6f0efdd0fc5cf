package dev.plinth.api.deploy;

/** Receives every {@link PluginEvent}; called on the thread that made the change. Never throw. */
@FunctionalInterface
public interface PluginEventListener {
    void onEvent(PluginEvent event);
}
