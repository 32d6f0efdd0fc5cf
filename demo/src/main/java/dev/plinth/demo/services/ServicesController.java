package dev.plinth.demo.services;

import dev.plinth.api.kv.KeyValueStore;
import dev.plinth.api.kv.KvUsage;
import dev.plinth.host.PluginEngine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * What the host services hold, for the demo page: {@code GET /api/events} lists the events plugins
 * emitted that the application received, {@code GET /api/store/{plugin}?prefix=} a plugin's
 * key-value entries read through the store's SPI (values as UTF-8 text). A demo without security:
 * an application of its own would not show every plugin's store to anyone who asks.
 */
@RestController
class ServicesController {
    /** The most events or entries one answer holds. */
    static final int MAX_ITEMS = 100;

    private final RecentEvents events;
    private final PluginEngine engine;

    ServicesController(RecentEvents events, PluginEngine engine) {
        this.events = events;
        this.engine = engine;
    }

    /** One entry of a plugin's store. */
    record Entry(String key, String value) {
    }

    /** A plugin's entries that start with the prefix, and the whole store's usage. */
    record StoreView(String plugin, String prefix, List<Entry> entries, long keys, long bytes) {
    }

    @GetMapping("/api/events")
    List<RecentEvents.Received> events(@RequestParam(required = false) String plugin,
            @RequestParam(defaultValue = "50") int limit) {
        return events.recent(plugin, bounded(limit));
    }

    @GetMapping("/api/store/{plugin}")
    StoreView store(@PathVariable String plugin, @RequestParam(defaultValue = "") String prefix,
            @RequestParam(defaultValue = "50") int limit) {
        if (!plugin.matches("[a-z][a-z0-9-]{0,63}")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "'" + plugin + "' is not a plugin name (lowercase letters, digits and '-', starting with a letter)");
        }
        // asked for here, not at startup: the embedded store opens its file when first needed
        KeyValueStore store = engine.keyValueStore();
        List<Entry> entries = new ArrayList<>();
        for (String key : store.keys(plugin, prefix, bounded(limit))) {
            store.get(plugin, key).ifPresent(v -> entries.add(new Entry(key, new String(v, StandardCharsets.UTF_8))));
        }
        KvUsage usage = store.usage(plugin);
        return new StoreView(plugin, prefix, entries, usage.keys(), usage.bytes());
    }

    private static int bounded(int limit) {
        if (limit < 1 || limit > MAX_ITEMS) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "limit must be from 1 to " + MAX_ITEMS + ", not " + limit);
        }
        return limit;
    }
}
