package dev.plinth.api.kv;

import java.util.List;
import java.util.Optional;

/**
 * Where plugins' key-value entries are kept: the store behind {@code plinth:host/kv}. Every entry
 * belongs to one plugin by name (not one version), so what a plugin keeps survives its reloads and,
 * with a shared store such as a database, is seen by every replica. Implementations are
 * thread-safe; the host checks quotas before it writes, with {@link #usage}.
 *
 * <p>Plinth has an embedded store (H2's MVStore, in a file or in memory) and a JDBC one; an
 * application may bring its own.
 */
public interface KeyValueStore extends AutoCloseable {
    /** The value of {@code key} of {@code plugin}, if it has one. */
    Optional<byte[]> get(String plugin, String key);

    /** Sets {@code key} of {@code plugin} to {@code value}, replacing what it held. */
    void put(String plugin, String key, byte[] value);

    /** Removes {@code key} of {@code plugin}; whether it was there. */
    boolean delete(String plugin, String key);

    /** At most {@code limit} keys of {@code plugin} that start with {@code prefix}, in ascending order. */
    List<String> keys(String plugin, String prefix, int limit);

    /** How many entries {@code plugin} has and how many bytes they take (keys as UTF-8 and values). */
    KvUsage usage(String plugin);

    /** Releases what the store holds open; the default holds nothing. */
    @Override
    default void close() {
    }
}
