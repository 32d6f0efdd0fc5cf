package dev.plinth.host.kv;

import dev.plinth.api.kv.KeyValueStore;
import dev.plinth.api.kv.KeyValueStoreException;
import dev.plinth.api.kv.KvUsage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A {@link KeyValueStore} in one table of an SQL database, through plain JDBC, so that replicas of
 * an application share their plugins' entries. The table ({@code plinth_kv} unless named otherwise)
 * is created if missing: {@code plugin VARCHAR(64), k VARCHAR(1024), v BYTEA, size BIGINT}, keyed
 * by {@code (plugin, k)}. Tested on PostgreSQL and H2. A write is an update, then an insert when no
 * row was there; an insert that loses a race to another replica's becomes an update.
 */
public final class JdbcKeyValueStore implements KeyValueStore {
    /** The table's name unless told otherwise. */
    public static final String DEFAULT_TABLE = "plinth_kv";
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final String table;

    private JdbcKeyValueStore(DataSource dataSource, String table) {
        this.dataSource = dataSource;
        this.table = table;
    }

    /**
     * A store in {@code table} of the database behind {@code dataSource}, creating the table if missing.
     *
     * @throws IllegalArgumentException when {@code table} is not a plain SQL name
     * @throws KeyValueStoreException when the table cannot be created
     */
    public static JdbcKeyValueStore create(DataSource dataSource, String table) {
        Objects.requireNonNull(dataSource, "dataSource");
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("\"" + table + "\" is not a table name for the key-value store;"
                    + " use letters, digits and '_', starting with a letter");
        }
        JdbcKeyValueStore store = new JdbcKeyValueStore(dataSource, table);
        store.createTable();
        return store;
    }

    /** A store in {@value #DEFAULT_TABLE}. */
    public static JdbcKeyValueStore create(DataSource dataSource) {
        return create(dataSource, DEFAULT_TABLE);
    }

    private void createTable() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (plugin VARCHAR(64) NOT NULL, k VARCHAR(1024) NOT NULL,"
                    + " v BYTEA NOT NULL, size BIGINT NOT NULL, PRIMARY KEY (plugin, k))");
        } catch (SQLException e) {
            throw failed("create table " + table, e);
        }
    }

    @Override
    public Optional<byte[]> get(String plugin, String key) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT v FROM " + table + " WHERE plugin = ? AND k = ?")) {
            s.setString(1, plugin);
            s.setString(2, key);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed("read", e);
        }
    }

    @Override
    public void put(String plugin, String key, byte[] value) {
        long size = key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + (long) value.length;
        try (Connection c = dataSource.getConnection()) {
            for (int attempt = 0; attempt < 3; attempt++) {
                if (update(c, plugin, key, value, size) > 0) {
                    return;
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table
                        + " (plugin, k, v, size) VALUES (?, ?, ?, ?)")) {
                    s.setString(1, plugin);
                    s.setString(2, key);
                    s.setBytes(3, value);
                    s.setLong(4, size);
                    s.executeUpdate();
                    return;
                } catch (SQLException e) {
                    if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                        throw e;
                    }
                    // another writer inserted the key in between: update it
                }
            }
            throw new SQLException("the key was inserted and deleted by other writers three times in a row");
        } catch (SQLException e) {
            throw failed("write", e);
        }
    }

    private int update(Connection c, String plugin, String key, byte[] value, long size) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE " + table
                + " SET v = ?, size = ? WHERE plugin = ? AND k = ?")) {
            s.setBytes(1, value);
            s.setLong(2, size);
            s.setString(3, plugin);
            s.setString(4, key);
            return s.executeUpdate();
        }
    }

    @Override
    public boolean delete(String plugin, String key) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE plugin = ? AND k = ?")) {
            s.setString(1, plugin);
            s.setString(2, key);
            return s.executeUpdate() > 0;
        } catch (SQLException e) {
            throw failed("delete", e);
        }
    }

    @Override
    public List<String> keys(String plugin, String prefix, int limit) {
        List<String> keys = new ArrayList<>();
        // LIKE with the prefix's wildcards escaped: the same on every database and collation
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT k FROM " + table
                        + " WHERE plugin = ? AND k LIKE ? ESCAPE '!' ORDER BY k")) {
            s.setString(1, plugin);
            s.setString(2, prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
            s.setFetchSize(Math.min(limit, 500));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    keys.add(r.getString(1));
                }
            }
        } catch (SQLException e) {
            throw failed("list", e);
        }
        // in Java's order, whatever the database's collation, then cut
        java.util.Collections.sort(keys);
        if (keys.size() > limit) {
            keys = new ArrayList<>(keys.subList(0, limit));
        }
        return keys;
    }

    @Override
    public KvUsage usage(String plugin) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM " + table
                        + " WHERE plugin = ?")) {
            s.setString(1, plugin);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new KvUsage(r.getLong(1), r.getLong(2));
            }
        } catch (SQLException e) {
            throw failed("count", e);
        }
    }

    private KeyValueStoreException failed(String what, SQLException e) {
        return new KeyValueStoreException("the key-value table " + table + " could not " + what + ": "
                + e.getMessage(), e);
    }

    @Override
    public String toString() {
        return "JDBC key-value store (table " + table + ")";
    }
}
