package dev.plinth.host.services;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.kv.KeyValueStore;
import dev.plinth.api.kv.KeyValueStoreException;
import dev.plinth.api.kv.KvQuota;
import dev.plinth.api.kv.KvUsage;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.host.kv.JdbcKeyValueStore;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.testing.PostgresServer;
import dev.plinth.testing.Wat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The JDBC key-value store against a real PostgreSQL server that the test starts (a throwaway
 * cluster of Debian's PostgreSQL) and against H2: the same SQL on both; and two replicas (two
 * engines and hosts over one PostgreSQL database) where a key one plugin instance writes is read
 * by the other's.
 */
class JdbcKeyValueStoreTest {
    private static PostgresServer postgres;
    private static DataSource pg;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresServer.start();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(postgres.jdbcUrl());
        ds.setUser(PostgresServer.USER);
        pg = ds;
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static DataSource h2(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    private static void exercise(KeyValueStore store) {
        assertThat(store.get("p", "a")).isEmpty();
        store.put("p", "a", "1".getBytes(UTF_8));
        store.put("p", "a_b", "22".getBytes(UTF_8));
        store.put("p", "a%c", "333".getBytes(UTF_8));
        store.put("p", "ab", "4".getBytes(UTF_8));
        store.put("q", "a", "other plugin".getBytes(UTF_8));
        store.put("p", "a", "11".getBytes(UTF_8));
        assertThat(store.get("p", "a")).hasValueSatisfying(v -> assertThat(v).asString(UTF_8).isEqualTo("11"));
        assertThat(store.get("q", "a")).hasValueSatisfying(v -> assertThat(v).asString(UTF_8).isEqualTo("other plugin"));
        assertThat(store.keys("p", "a_", 10)).as("'_' is no wildcard").containsExactly("a_b");
        assertThat(store.keys("p", "a%", 10)).as("'%' is no wildcard").containsExactly("a%c");
        assertThat(store.keys("p", "a", 10)).containsExactly("a", "a%c", "a_b", "ab");
        assertThat(store.keys("p", "", 2)).containsExactly("a", "a%c");
        assertThat(store.usage("p")).isEqualTo(new KvUsage(4, 1 + 2 + 3 + 3 + 3 + 2 + 2 + 1));
        assertThat(store.delete("p", "ab")).isTrue();
        assertThat(store.delete("p", "ab")).isFalse();
        assertThat(store.usage("p")).isEqualTo(new KvUsage(3, 14));
        assertThat(store.usage("nobody")).isEqualTo(KvUsage.EMPTY);
    }

    @Test
    void theStoreWorksOnPostgres() {
        exercise(JdbcKeyValueStore.create(pg, "kv_exercise"));
    }

    @Test
    void theStoreWorksOnH2() {
        exercise(JdbcKeyValueStore.create(h2("exercise")));
    }

    @Test
    void concurrentWritersOfOneNewKeyAllSucceed() throws Exception {
        KeyValueStore store = JdbcKeyValueStore.create(pg, "kv_race");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 20; round++) {
                String key = "k" + round;
                List<Future<?>> writes = new java.util.ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    byte[] value = ("w" + w).getBytes(UTF_8);
                    writes.add(pool.submit(() -> store.put("p", key, value)));
                }
                for (Future<?> f : writes) {
                    f.get();
                }
                assertThat(store.get("p", key)).isPresent();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.usage("p").keys()).isEqualTo(20);
    }

    @Test
    void aBadTableNameOrADeadDatabaseIsAClearError() {
        assertThatThrownBy(() -> JdbcKeyValueStore.create(pg, "kv; DROP TABLE x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a table name");
        PGSimpleDataSource dead = new PGSimpleDataSource();
        dead.setUrl("jdbc:postgresql://127.0.0.1:1/postgres");
        assertThatThrownBy(() -> JdbcKeyValueStore.create(dead)).isInstanceOf(KeyValueStoreException.class)
                .hasMessageStartingWith("the key-value table plinth_kv could not create table plinth_kv:");
    }

    @Test
    void aKeyWrittenByOneReplicaIsReadByTheOther() throws IOException {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Path module = Wat.write(plugins, "shared", KvGuest.WAT);
        PluginGrant grant = PluginGrant.builder().kv(KvQuota.DEFAULTS).build();
        try (PluginHost one = replica(grant); PluginHost two = replica(grant)) {
            assertThat(one.load(module).status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(two.load(module).status()).isEqualTo(PluginStatus.ACTIVE);
            one.call("shared", "set", KvGuest.setInput("session:42", "written by replica one"));
            assertThat(two.call("shared", "get", "session:42".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("written by replica one");
            two.call("shared", "set", KvGuest.setInput("session:43", "and one by two"));
            assertThat(one.call("shared", "list", "session:".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("[\"session:42\",\"session:43\"]");
            assertThat(KvGuest.code(two.call("shared", "delete", "session:42".getBytes(UTF_8)))).isEqualTo(1);
            assertThat(one.call("shared", "get", "session:42".getBytes(UTF_8))).isEmpty();
        }
    }

    private static PluginHost replica(PluginGrant grant) {
        return PluginHost.on(PluginEngine.builder().keyValueStore(JdbcKeyValueStore.create(pg, "kv_replicas"))
                .grant("shared", grant).build());
    }
}
