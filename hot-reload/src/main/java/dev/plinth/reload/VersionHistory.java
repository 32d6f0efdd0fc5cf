package dev.plinth.reload;

import dev.plinth.api.VersionInfo;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A plugin's versions, newest first, at most {@code limit} long. When it grows too long the oldest
 * line whose version is no longer loaded goes first, so the active version, the canary and the
 * version kept for rollback stay listed. Guarded by its {@link PluginSlot}'s lock.
 */
final class VersionHistory {
    private final int limit;
    private final Deque<HistoryLine> entries = new ArrayDeque<>();

    VersionHistory(int limit) {
        this.limit = limit;
    }

    void add(HistoryLine entry) {
        entries.addFirst(entry);
        trim();
    }

    Optional<HistoryLine> newest() {
        return Optional.ofNullable(entries.peekFirst());
    }

    /** The lines, newest first. */
    List<HistoryLine> lines() {
        return List.copyOf(entries);
    }

    List<VersionInfo> infos() {
        return entries.stream().map(HistoryLine::info).toList();
    }

    private void trim() {
        Iterator<HistoryLine> oldestFirst = entries.descendingIterator();
        while (entries.size() > limit && oldestFirst.hasNext()) {
            if (!oldestFirst.next().loaded()) {
                oldestFirst.remove();
            }
        }
    }
}
