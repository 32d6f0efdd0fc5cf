package dev.plinth.host.internal.registry;

import dev.plinth.api.kv.KeyValueStore;
import dev.plinth.host.kv.MvStoreKeyValueStore;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's key-value store: the application's, or one the engine opens when a plugin first
 * needs it (an MVStore file, or one in memory) and closes with the engine. Nothing is opened for an
 * engine none of whose plugins is granted a store.
 */
public final class KvStoreHolder implements AutoCloseable {
    /** The file of the default store under the data-dir root (no plugin's data directory can be named so). */
    public static final String DEFAULT_FILE = ".plinth-kv.mv.db";
    private static final Logger LOG = LoggerFactory.getLogger(KvStoreHolder.class);

    private final KeyValueStore given;
    private final Path file;
    private KeyValueStore opened;

    /**
     * @param given the application's store, not closed here; or {@code null}
     * @param file the file of an embedded store to open when {@code given} is null; {@code null}
     *     for one in memory
     */
    public KvStoreHolder(KeyValueStore given, Path file) {
        this.given = given;
        this.file = file;
    }

    /** The store, opened now if this is its first use. */
    public synchronized KeyValueStore store() {
        if (given != null) {
            return given;
        }
        if (opened == null) {
            if (file == null) {
                LOG.info("plugins' key-value stores are kept in memory: set a data-dir root, a key-value file"
                        + " or a store to keep them across restarts");
                opened = MvStoreKeyValueStore.inMemory();
            } else {
                opened = MvStoreKeyValueStore.open(file);
            }
        }
        return opened;
    }

    @Override
    public synchronized void close() {
        if (opened != null) {
            opened.close();
            opened = null;
        }
    }
}
