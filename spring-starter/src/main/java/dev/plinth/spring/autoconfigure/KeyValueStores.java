package dev.plinth.spring.autoconfigure;

import dev.plinth.api.kv.KeyValueStore;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.kv.JdbcKeyValueStore;
import dev.plinth.spring.properties.KvProperties;
import javax.sql.DataSource;

/**
 * Chooses the engine's key-value store from {@code plinth.kv.*}: the application's
 * {@link KeyValueStore} bean, else its {@link DataSource} ({@code auto} or {@code jdbc}), else the
 * embedded MVStore the engine opens itself.
 */
final class KeyValueStores {
    private KeyValueStores() {
    }

    static void configure(PluginEngine.Builder builder, KvProperties kv, KeyValueStore bean, DataSource dataSource) {
        if (bean != null) {
            builder.keyValueStore(bean);
            return;
        }
        boolean jdbc = switch (kv.getStore()) {
            case JDBC -> {
                if (dataSource == null) {
                    throw new IllegalStateException("plinth.kv.store=jdbc needs a DataSource bean, and the application"
                            + " has none (or more than one): define one, or set plinth.kv.store=auto or embedded");
                }
                yield true;
            }
            case AUTO -> dataSource != null;
            case EMBEDDED -> false;
        };
        if (jdbc) {
            builder.keyValueStore(JdbcKeyValueStore.create(dataSource, kv.getTable()));
        } else if (kv.getFile() != null) {
            builder.keyValueFile(kv.getFile());
        }
    }
}
