package dev.plinth.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginRegistry;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.kv.JdbcKeyValueStore;
import dev.plinth.host.kv.MvStoreKeyValueStore;
import dev.plinth.testing.ExtismWat;
import dev.plinth.testing.Wat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Which key-value store the starter gives plugins: the application's {@code DataSource} when it
 * has one (a real H2 database here; the JDBC store's PostgreSQL tests are plugin-host's), else the
 * embedded MVStore; a plugin granted by properties writes through it.
 */
class KeyValueStoreAutoConfigurationTest {
    /** {@code remember}: key "last" := input; {@code recall}: outputs it. */
    private static final String WAT = """
            (module
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "length" (func $length (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/env" "input_length" (func $input_length (result i64)))
              (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
              (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
              (import "plinth:host/kv" "get" (func $kv_get (param i64) (result i64)))
              (import "plinth:host/kv" "set" (func $kv_set (param i64 i64) (result i64)))
              (memory (export "memory") 1)
              (data (i32.const 16) "last")
              %s
              %s
              (func (export "remember") (result i32)
                (i32.wrap_i64 (call $kv_set (call $key (i32.const 16) (i32.const 4)) (call $input_block))))
              (func (export "recall") (result i32) (local $v i64)
                (local.set $v (call $kv_get (call $key (i32.const 16) (i32.const 4))))
                (call $output_set (local.get $v) (call $length (local.get $v)))
                (i32.const 0))
            )
            """.formatted(ExtismWat.INPUT_BLOCK, ExtismWat.memoryBlock("$key"));

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PlinthAutoConfiguration.class));

    private static Path plugins(Path dir) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Wat.write(plugins, "memo", WAT);
        return plugins;
    }

    private static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:starter-kv;DB_CLOSE_DELAY=-1");
        return ds;
    }

    @Test
    void aDataSourceHoldsThePluginsStore(@TempDir Path dir) throws Exception {
        DataSource ds = h2();
        runner.withBean(DataSource.class, () -> ds)
                .withPropertyValues("plinth.plugins.dir=" + plugins(dir), "plinth.grants.memo.kv.max-keys=5")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(PluginEngine.class).keyValueStore())
                            .isInstanceOf(JdbcKeyValueStore.class);
                    PluginRegistry registry = context.getBean(PluginRegistry.class);
                    registry.call("memo", "remember", "from spring".getBytes(StandardCharsets.UTF_8));
                    assertThat(registry.call("memo", "recall", new byte[0])).asString(StandardCharsets.UTF_8)
                            .isEqualTo("from spring");
                    try (Connection c = ds.getConnection(); ResultSet r = c.createStatement()
                            .executeQuery("SELECT plugin, k, v FROM plinth_kv")) {
                        assertThat(r.next()).isTrue();
                        assertThat(r.getString(1)).isEqualTo("memo");
                        assertThat(r.getString(2)).isEqualTo("last");
                        assertThat(new String(r.getBytes(3), StandardCharsets.UTF_8)).isEqualTo("from spring");
                    }
                });
    }

    @Test
    void withoutADataSourceTheStoreIsEmbedded(@TempDir Path dir) throws Exception {
        runner.withPropertyValues("plinth.plugins.dir=" + plugins(dir), "plinth.grants.memo.kv.max-keys=5",
                "plinth.kv.file=" + dir.resolve("kv.mv.db")).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(PluginEngine.class).keyValueStore())
                            .isInstanceOf(MvStoreKeyValueStore.class);
                    PluginRegistry registry = context.getBean(PluginRegistry.class);
                    registry.call("memo", "remember", "kept".getBytes(StandardCharsets.UTF_8));
                    assertThat(registry.call("memo", "recall", new byte[0])).asString(StandardCharsets.UTF_8)
                            .isEqualTo("kept");
                });
        assertThat(dir.resolve("kv.mv.db")).exists();
    }

    @Test
    void embeddedCanBeChosenOverTheDataSourceAndJdbcNeedsOne() {
        runner.withBean(DataSource.class, KeyValueStoreAutoConfigurationTest::h2)
                .withPropertyValues("plinth.kv.store=embedded").run(context -> assertThat(context
                        .getBean(PluginEngine.class).keyValueStore()).isInstanceOf(MvStoreKeyValueStore.class));
        runner.withPropertyValues("plinth.kv.store=jdbc").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("plinth.kv.store=jdbc needs a DataSource bean"));
    }
}
