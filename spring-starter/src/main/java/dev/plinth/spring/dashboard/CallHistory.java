package dev.plinth.spring.dashboard;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latest samples of each plugin, at most {@code capacity} each (the oldest are dropped), for
 * the dashboard's charts. A plugin that is no longer listed is forgotten. Thread-safe.
 */
final class CallHistory {
    private final int capacity;
    private final Map<String, ArrayDeque<CallSample>> samples = new TreeMap<>();

    CallHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, not " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds one sample per plugin listed in {@code latest}; plugins not in it are forgotten. */
    synchronized void record(Map<String, CallSample> latest) {
        samples.keySet().retainAll(latest.keySet());
        latest.forEach((plugin, sample) -> {
            ArrayDeque<CallSample> ring = samples.computeIfAbsent(plugin, p -> new ArrayDeque<>(capacity));
            if (ring.size() == capacity) {
                ring.removeFirst();
            }
            ring.addLast(sample);
        });
    }

    /** Every plugin's samples, oldest first, by plugin name. */
    synchronized Map<String, List<CallSample>> all() {
        Map<String, List<CallSample>> copy = new LinkedHashMap<>();
        samples.forEach((plugin, ring) -> copy.put(plugin, List.copyOf(ring)));
        return copy;
    }

    /** The samples of {@code plugin}, oldest first; empty when it has none. */
    synchronized List<CallSample> of(String plugin) {
        Collection<CallSample> ring = samples.get(plugin);
        return ring == null ? List.of() : List.copyOf(ring);
    }

    int capacity() {
        return capacity;
    }
}
