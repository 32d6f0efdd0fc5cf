package dev.plinth.host.kv;

import dev.plinth.api.kv.KeyValueStore;
import dev.plinth.api.kv.KeyValueStoreException;
import dev.plinth.api.kv.KvUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * The embedded {@link KeyValueStore}: H2's MVStore, in one file (or in memory), one map per plugin
 * ({@code kv.<plugin>}). Writes reach the file within about a second (MVStore's auto-commit) and
 * at {@link #close}. It needs no setup and serves one JVM; replicas share a store through
 * {@link JdbcKeyValueStore}.
 */
public final class MvStoreKeyValueStore implements KeyValueStore {
    private static final String MAP_PREFIX = "kv.";

    private final MVStore store;
    private final String where;
    private final Map<String, long[]> usage = new ConcurrentHashMap<>();

    private MvStoreKeyValueStore(MVStore store, String where) {
        this.store = store;
        this.where = where;
    }

    /** A store in {@code file} (created with its directory if missing); what it held is kept. */
    public static MvStoreKeyValueStore open(Path file) {
        Objects.requireNonNull(file, "file");
        Path absolute = file.toAbsolutePath().normalize();
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
            return new MvStoreKeyValueStore(new MVStore.Builder().fileName(absolute.toString()).open(),
                    absolute.toString());
        } catch (java.io.IOException | MVStoreException e) {
            throw new KeyValueStoreException("cannot open the key-value store " + absolute + ": " + e.getMessage(), e);
        }
    }

    /** A store in memory: gone when it is closed. */
    public static MvStoreKeyValueStore inMemory() {
        return new MvStoreKeyValueStore(new MVStore.Builder().open(), "memory");
    }

    private MVMap<String, byte[]> map(String plugin) {
        try {
            return store.openMap(MAP_PREFIX + plugin);
        } catch (MVStoreException | IllegalStateException e) {
            throw failed("open the map of " + plugin, e);
        }
    }

    @Override
    public Optional<byte[]> get(String plugin, String key) {
        try {
            return Optional.ofNullable(map(plugin).get(key));
        } catch (MVStoreException | IllegalStateException e) {
            throw failed("read", e);
        }
    }

    @Override
    public void put(String plugin, String key, byte[] value) {
        try {
            synchronized (lockOf(plugin)) {
                byte[] old = map(plugin).put(key, value.clone());
                long[] u = counted(plugin);
                if (old == null) {
                    u[0]++;
                    u[1] += bytes(key) + value.length;
                } else {
                    u[1] += value.length - old.length;
                }
            }
        } catch (MVStoreException | IllegalStateException e) {
            throw failed("write", e);
        }
    }

    @Override
    public boolean delete(String plugin, String key) {
        try {
            synchronized (lockOf(plugin)) {
                byte[] old = map(plugin).remove(key);
                if (old != null) {
                    long[] u = counted(plugin);
                    u[0]--;
                    u[1] -= bytes(key) + old.length;
                }
                return old != null;
            }
        } catch (MVStoreException | IllegalStateException e) {
            throw failed("delete", e);
        }
    }

    @Override
    public List<String> keys(String plugin, String prefix, int limit) {
        List<String> keys = new ArrayList<>();
        try {
            Iterator<String> it = map(plugin).keyIterator(prefix.isEmpty() ? null : prefix);
            while (it.hasNext() && keys.size() < limit) {
                String key = it.next();
                if (!key.startsWith(prefix)) {
                    break;
                }
                keys.add(key);
            }
        } catch (MVStoreException | IllegalStateException e) {
            throw failed("list", e);
        }
        return keys;
    }

    @Override
    public KvUsage usage(String plugin) {
        synchronized (lockOf(plugin)) {
            long[] u = counted(plugin);
            return new KvUsage(u[0], u[1]);
        }
    }

    /** The counts of a plugin's map, counted once from the map and then kept up to date. */
    private long[] counted(String plugin) {
        return usage.computeIfAbsent(plugin, p -> {
            long keys = 0;
            long bytes = 0;
            for (Map.Entry<String, byte[]> e : map(p).entrySet()) {
                keys++;
                bytes += bytes(e.getKey()) + e.getValue().length;
            }
            return new long[] {keys, bytes};
        });
    }

    private Object lockOf(String plugin) {
        // the map object is one per name for the store's life
        return map(plugin);
    }

    private static long bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8).length;
    }

    private KeyValueStoreException failed(String what, RuntimeException e) {
        return new KeyValueStoreException("the key-value store (" + where + ") could not " + what + ": "
                + e.getMessage(), e);
    }

    /** Writes what is pending to the file and closes it. */
    @Override
    public void close() {
        if (!store.isClosed()) {
            store.close();
        }
    }

    @Override
    public String toString() {
        return "MVStore key-value store (" + where + ")";
    }
}
