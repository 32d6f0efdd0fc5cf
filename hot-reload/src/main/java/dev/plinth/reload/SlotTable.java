package dev.plinth.reload;

import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.config.KeySuggestion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** The plugins the registry knows, by name. Thread-safe. */
final class SlotTable {
    private final Map<String, PluginSlot> slots = new ConcurrentHashMap<>();
    private final int historySize;

    SlotTable(int historySize) {
        this.historySize = historySize;
    }

    Optional<PluginSlot> find(String name) {
        return Optional.ofNullable(slots.get(name));
    }

    PluginSlot getOrCreate(String name) {
        return slots.computeIfAbsent(name, n -> new PluginSlot(n, historySize));
    }

    /** The plugin's slot, or not-found naming the plugins that serve. */
    PluginSlot require(String name) {
        PluginSlot slot = slots.get(name);
        if (slot == null) {
            throw notFound(name);
        }
        return slot;
    }

    void remove(PluginSlot slot) {
        slots.remove(slot.name(), slot);
    }

    Collection<PluginSlot> all() {
        return new ArrayList<>(slots.values());
    }

    PluginNotFoundException notFound(String name) {
        List<String> serving = slots.values().stream().filter(PluginSlot::serving).map(PluginSlot::name).toList();
        String meant = KeySuggestion.suggest(name, serving);
        return new PluginNotFoundException("no plugin named \"" + name + "\""
                + (meant == null ? "" : "; did you mean \"" + meant + "\"?")
                + "; serving: " + (serving.isEmpty() ? "none" : String.join(", ", new TreeSet<>(serving))));
    }
}
