package dev.plinth.spring.properties;

import java.nio.file.Path;

/**
 * Where plugins' key-value stores ({@code plinth:host/kv}) are kept: {@code plinth.kv.*}. With
 * {@code store=auto} (the default) the application's {@code DataSource}, if it has exactly one,
 * holds them in one table, so that replicas share them; without one they go to an embedded H2
 * MVStore file ({@code file}, else {@code .plinth-kv.mv.db} under {@code plinth.data-dir}, else
 * memory). A {@code KeyValueStore} bean of the application's own wins over all of this.
 */
public class KvProperties {
    /** Which store: auto, jdbc (the DataSource, required), embedded (an MVStore file or memory). */
    private Store store = Store.AUTO;

    /** The embedded store's file; unset: under plinth.data-dir, else in memory. */
    private Path file;

    /** The JDBC store's table, created if missing. */
    private String table = "plinth_kv";

    /** The kinds of {@link #getStore()}. */
    public enum Store {
        /** The DataSource if there is one, else embedded. */
        AUTO,
        /** The application's DataSource: one table. */
        JDBC,
        /** H2's MVStore, in a file or in memory. */
        EMBEDDED
    }

    public Store getStore() {
        return store;
    }

    public void setStore(Store store) {
        this.store = store;
    }

    public Path getFile() {
        return file;
    }

    public void setFile(Path file) {
        this.file = file;
    }

    public String getTable() {
        return table;
    }

    public void setTable(String table) {
        this.table = table;
    }
}
