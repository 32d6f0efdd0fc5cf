package dev.plinth.component;

import dev.plinth.component.value.InvalidValueException;
import dev.plinth.component.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link HostResource} whose representations name Java objects: {@link #own} gives a new object to the
 * guest, {@link #get} finds the object behind a handle the guest passed. One table per component instance
 * (what a guest holds belongs to its instance). Representations start at 1 and are never reused, so a stale
 * one cannot reach a newer object. At most {@code limit} objects live at once: past it {@link #own} refuses.
 *
 * @param <T> the objects
 */
public final class HostResourceTable<T> implements HostResource {
    private final String name;
    private final int limit;
    private final Consumer<T> onDrop;
    private final Map<Integer, T> objects = new HashMap<>();
    private int next = 1;

    /**
     * @param name the resource's name, for messages
     * @param limit the most objects alive at once
     * @param onDrop called with an object the guest dropped (e.g. to close it)
     */
    public HostResourceTable(String name, int limit, Consumer<T> onDrop) {
        this.name = Objects.requireNonNull(name, "name");
        if (limit < 1) {
            throw new IllegalArgumentException("limit is at least 1");
        }
        this.limit = limit;
        this.onDrop = Objects.requireNonNull(onDrop, "onDrop");
    }

    /** A table that does nothing when the guest drops an object. */
    public HostResourceTable(String name, int limit) {
        this(name, limit, object -> { });
    }

    /** Registers {@code object} and returns the handle value for an {@code own} result. */
    public Value.Handle own(T object) {
        Objects.requireNonNull(object, "object");
        if (objects.size() >= limit) {
            throw new ResourceLimitException(name, limit);
        }
        if (next == Integer.MAX_VALUE) {
            throw new ResourceLimitException(name, limit);
        }
        int rep = next++;
        objects.put(rep, object);
        return new Value.Handle(rep);
    }

    /** The object behind {@code handle} (an argument the host function received). */
    public T get(Value handle) {
        if (!(handle instanceof Value.Handle h)) {
            throw new InvalidValueException("a " + name + " handle was expected, not " + handle);
        }
        T object = objects.get(h.index());
        if (object == null) {
            throw new InvalidValueException("no live " + name + " has representation " + h.index());
        }
        return object;
    }

    /** Removes the object behind {@code handle} (an {@code own} argument: the guest gave it back). */
    public T take(Value handle) {
        T object = get(handle);
        objects.remove(((Value.Handle) handle).index());
        return object;
    }

    /** How many objects are alive. */
    public int size() {
        return objects.size();
    }

    @Override
    public boolean owns(int rep) {
        return objects.containsKey(rep);
    }

    @Override
    public void drop(int rep) {
        T object = objects.remove(rep);
        if (object != null) {
            onDrop.accept(object);
        }
    }

    /** Drops every object still alive (the instance is discarded): {@code onDrop} for each, e.g. to close files. */
    public void dropAll() {
        List<Integer> reps = new ArrayList<>(objects.keySet());
        for (int rep : reps) {
            drop(rep);
        }
    }

    @Override
    public String toString() {
        return "host resource " + name + " (" + objects.size() + " alive)";
    }

    /** A guest holds as many objects of one host resource as it may. */
    public static final class ResourceLimitException extends dev.plinth.api.error.PluginTrapException {
        private static final long serialVersionUID = 1L;

        ResourceLimitException(String name, int limit) {
            super("the guest holds " + limit + " " + name + " resources, the most it may", null, null);
        }
    }
}
