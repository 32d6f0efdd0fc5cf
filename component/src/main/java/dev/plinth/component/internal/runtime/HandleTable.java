package dev.plinth.component.internal.runtime;

import dev.plinth.component.CanonicalAbiException;
import dev.plinth.component.CanonicalAbiException.Violation;
import dev.plinth.component.type.ResourceType;
import java.util.ArrayList;
import java.util.List;

/**
 * A component instance's resource handles: index to (resource type, representation). Index 0 is never
 * handed out; a dropped slot is reused. A handle that was never issued, was dropped, or names another
 * resource type is a {@link CanonicalAbiException} ({@code BAD_HANDLE}).
 */
public final class HandleTable {
    /** The most handles one instance may hold at once. */
    static final int MAX_HANDLES = 1 << 20;

    private record Entry(ResourceType type, int rep) {
    }

    private final List<Entry> entries = new ArrayList<>(List.of(new Entry(null, 0)));
    private final List<Integer> free = new ArrayList<>();

    public int add(ResourceType type, int rep) {
        Entry entry = new Entry(type, rep);
        if (!free.isEmpty()) {
            int index = free.remove(free.size() - 1);
            entries.set(index, entry);
            return index;
        }
        if (entries.size() >= MAX_HANDLES) {
            throw new CanonicalAbiException(Violation.TOO_LARGE, "the instance holds " + MAX_HANDLES
                    + " resource handles, the most it may");
        }
        entries.add(entry);
        return entries.size() - 1;
    }

    public int rep(ResourceType type, int index) {
        return entry(type, index).rep();
    }

    /** Removes the handle and returns its representation. */
    public int remove(ResourceType type, int index) {
        int rep = entry(type, index).rep();
        entries.set(index, null);
        free.add(index);
        return rep;
    }

    public void check(ResourceType type, int index) {
        entry(type, index);
    }

    private Entry entry(ResourceType type, int index) {
        Entry entry = index > 0 && index < entries.size() ? entries.get(index) : null;
        if (entry == null) {
            throw new CanonicalAbiException(Violation.BAD_HANDLE, "handle " + index + " of " + type.name()
                    + " does not exist (never issued, or already dropped)");
        }
        if (entry.type() != type) {
            throw new CanonicalAbiException(Violation.BAD_HANDLE, "handle " + index + " is a " + entry.type().name()
                    + ", not a " + type.name());
        }
        return entry;
    }
}
