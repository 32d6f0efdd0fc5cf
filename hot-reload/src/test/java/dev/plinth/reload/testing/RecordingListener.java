package dev.plinth.reload.testing;

import dev.plinth.api.deploy.PluginEvent;
import dev.plinth.api.deploy.PluginEventListener;
import dev.plinth.api.deploy.PluginEventType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event, for assertions and for waiting on one. */
public final class RecordingListener implements PluginEventListener {
    private final List<PluginEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(PluginEvent event) {
        events.add(event);
    }

    public List<PluginEvent> events() {
        return List.copyOf(events);
    }

    public List<PluginEvent> of(PluginEventType type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    public List<PluginEvent> of(PluginEventType type, String plugin) {
        return events.stream().filter(e -> e.type() == type && e.plugin().equals(plugin)).toList();
    }

    public long count(PluginEventType type, String plugin) {
        return of(type, plugin).size();
    }

    /** Waits until there are at least {@code count} events of {@code type} for {@code plugin}; returns the last. */
    public PluginEvent await(PluginEventType type, String plugin, int count) {
        Await.until(count + " " + type + " event(s) for " + plugin + "; events so far: " + events,
                () -> count(type, plugin) >= count);
        List<PluginEvent> matching = of(type, plugin);
        return matching.get(matching.size() - 1);
    }

    public PluginEvent await(PluginEventType type, String plugin) {
        return await(type, plugin, 1);
    }

    public void clear() {
        events.clear();
    }
}
