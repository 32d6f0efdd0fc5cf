package dev.plinth.abi;

import dev.plinth.api.PluginVars;
import dev.plinth.api.error.PayloadTooLargeException;
import dev.plinth.api.unit.TextCap;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Extism vars: small key/value state that outlives a call. One per plugin in an engine, shared by
 * every instance and every version of it (unlike globals, which belong to one instance), and capped
 * in total size, keys counted as UTF-16. The guest's {@code var_get}/{@code var_set} use
 * {@link #get}/{@link #put} without copies (the kernel copies between blocks); the application
 * uses {@link #view}, which copies.
 */
public final class VarStore {
    private final String plugin;
    private final long maxBytes;
    private final Map<String, byte[]> values = new HashMap<>();
    private final PluginVars view = new View();
    private long bytes;

    public VarStore(String plugin, long maxBytes) {
        this.plugin = plugin;
        this.maxBytes = maxBytes;
    }

    public synchronized byte[] get(String key) {
        return values.get(key);
    }

    /** Sets or, with {@code null}, removes a var; refuses a change that would pass the cap. */
    public synchronized void put(String key, byte[] value) {
        put(key, value, "plugin " + plugin + " tried to keep ");
    }

    private synchronized void put(String key, byte[] value, String who) {
        byte[] old = values.get(key);
        long keyBytes = key.length() * 2L;
        long before = old == null ? 0 : keyBytes + old.length;
        long after = value == null ? 0 : keyBytes + value.length;
        if (bytes - before + after > maxBytes) {
            throw new PayloadTooLargeException(who + (bytes - before + after) + " bytes in vars (var '"
                    + TextCap.chars(key, 256) + "'), more than its limit of " + maxBytes + " bytes");
        }
        if (value == null) {
            values.remove(key);
        } else {
            values.put(key, value);
        }
        bytes += after - before;
    }

    /** Total bytes held, keys counted as UTF-16. */
    public synchronized long bytes() {
        return bytes;
    }

    /** How many vars are held. */
    public synchronized int count() {
        return values.size();
    }

    /** The most bytes the vars may hold. */
    public long maxBytes() {
        return maxBytes;
    }

    /** These vars as the application sees them: values copied in and out. */
    public PluginVars view() {
        return view;
    }

    private final class View implements PluginVars {
        @Override
        public Optional<byte[]> get(String key) {
            byte[] value = VarStore.this.get(Objects.requireNonNull(key, "key"));
            return value == null ? Optional.empty() : Optional.of(value.clone());
        }

        @Override
        public void put(String key, byte[] value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            VarStore.this.put(key, value.clone(), "the application tried to keep plugin " + plugin + "'s vars at ");
        }

        @Override
        public boolean remove(String key) {
            synchronized (VarStore.this) {
                boolean present = values.containsKey(Objects.requireNonNull(key, "key"));
                VarStore.this.put(key, null);
                return present;
            }
        }

        @Override
        public void clear() {
            synchronized (VarStore.this) {
                values.clear();
                bytes = 0;
            }
        }

        @Override
        public Set<String> keys() {
            synchronized (VarStore.this) {
                return Collections.unmodifiableSet(new TreeSet<>(values.keySet()));
            }
        }

        @Override
        public int count() {
            return VarStore.this.count();
        }

        @Override
        public long bytes() {
            return VarStore.this.bytes();
        }

        @Override
        public long maxBytes() {
            return maxBytes;
        }

        @Override
        public String toString() {
            return "vars of plugin " + plugin + ": " + count() + " (" + bytes() + " of " + maxBytes + " bytes)";
        }
    }
}
