package dev.plinth.host.services;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.api.kv.KvQuota;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.testing.Wat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plinth:host/kv} through a real host and a real embedded store: get, set, delete and list
 * by prefix from a plugin; what it keeps survives its reload and, in a file, the engine's restart;
 * a plugin that imports the store without asking or without a grant is refused at load.
 */
class KeyValueStoreTest {
    private static final String NAME = "keeper";

    @TempDir
    Path tmp;
    Path plugins;
    PluginHost host;
    PluginEngine engine;

    @BeforeEach
    void layout() throws IOException {
        plugins = Files.createDirectories(tmp.resolve("plugins"));
    }

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    private Path plugin(String permissions) throws IOException {
        Path dir = Files.createDirectories(plugins.resolve(NAME));
        Files.writeString(dir.resolve("plugin.toml"), """
                [plugin]
                name = "keeper"
                version = "1.0.0"
                entrypoint = "keeper.wasm"
                [permissions]
                """ + permissions + "\n");
        Wat.write(dir, NAME, KvGuest.WAT);
        return dir;
    }

    private PluginHost start(PluginEngine.Builder engine, String permissions) throws IOException {
        this.engine = engine.build();
        host = PluginHost.on(this.engine);
        assertThat(host.load(plugin(permissions)).status()).isEqualTo(PluginStatus.ACTIVE);
        return host;
    }

    private static PluginEngine.Builder granted(KvQuota quota) {
        return PluginEngine.builder().grant(NAME, PluginGrant.builder().kv(quota).build());
    }

    private void set(String key, String value) {
        host.call(NAME, "set", KvGuest.setInput(key, value));
    }

    private String get(String key) {
        return new String(host.call(NAME, "get", key.getBytes(UTF_8)), UTF_8);
    }

    @Test
    void aPluginGetsSetsDeletesAndListsItsKeys() throws IOException {
        start(granted(KvQuota.DEFAULTS), "kv = { max-keys = 100 }");
        set("user:2", "bob");
        set("user:1", "alice");
        set("order:9", "{\"total\":3}");
        assertThat(get("user:1")).isEqualTo("alice");
        assertThat(get("nobody")).as("absent: block 0, no output").isEmpty();
        set("user:1", "alicia");
        assertThat(get("user:1")).isEqualTo("alicia");
        assertThat(new String(host.call(NAME, "list", "user:".getBytes(UTF_8)), UTF_8))
                .isEqualTo("[\"user:1\",\"user:2\"]");
        assertThat(new String(host.call(NAME, "list", new byte[0]), UTF_8))
                .isEqualTo("[\"order:9\",\"user:1\",\"user:2\"]");
        assertThat(host.call(NAME, "list", "x".getBytes(UTF_8))).as("none: block 0").isEmpty();
        assertThat(KvGuest.code(host.call(NAME, "delete", "user:2".getBytes(UTF_8)))).isEqualTo(1);
        assertThat(KvGuest.code(host.call(NAME, "delete", "user:2".getBytes(UTF_8)))).isEqualTo(0);
        host.call(NAME, "set", KvGuest.setInput("order:9", new byte[0]));
        assertThat(get("order:9")).as("an empty value deletes the key").isEmpty();
        assertThat(engine.keyValueStore().keys(NAME, "", 10)).containsExactly("user:1");
        assertThat(host.loaded(NAME).orElseThrow().grants().kv()).contains(new KvQuota(100, 256, 64 * 1024, 1 << 20));
    }

    @Test
    void whatAPluginKeepsSurvivesItsReloadAndTheEnginesRestart() throws IOException {
        Path file = tmp.resolve("kv").resolve("store.mv.db");
        start(granted(KvQuota.DEFAULTS).keyValueFile(file), "kv = true");
        set("greeting", "hello");
        host.unload(NAME);
        assertThat(host.load(plugin("kv = true")).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(get("greeting")).isEqualTo("hello");
        host.close();
        host = null;
        assertThat(file).exists();
        start(granted(KvQuota.DEFAULTS).keyValueFile(file), "kv = true");
        assertThat(get("greeting")).as("read back from the file by a new engine").isEqualTo("hello");
    }

    @Test
    void theDefaultStoreLivesUnderTheDataRoot() throws IOException {
        Path root = tmp.resolve("data");
        start(granted(KvQuota.DEFAULTS).dataDirectory(root), "kv = true");
        set("a", "1");
        host.close();
        host = null;
        assertThat(root.resolve(".plinth-kv.mv.db")).exists();
    }

    @Test
    void quotasAreTheAskCappedByTheGrant() throws IOException {
        start(granted(new KvQuota(5, 16, 8, 1000)), "kv = { max-keys = 50, max-value-size = \"4B\" }");
        assertThat(host.loaded(NAME).orElseThrow().grants().kv()).contains(new KvQuota(5, 16, 4, 1000));
        assertThatThrownBy(() -> set("k", "12345")).isInstanceOf(PluginFailureException.class)
                .hasMessageContaining("plinth:host/kv: a value of 5 bytes for key \"k\" is more than max-value-size,"
                        + " 4 bytes");
        assertThat(KvGuest.code(host.call(NAME, "code", new byte[0]))).as("the code the guest saw").isEqualTo(-2);
        set("k", "1234");
        assertThat(get("k")).isEqualTo("1234");
    }

    @Test
    void importingTheStoreWithoutAGrantIsRefusedAtLoad() throws IOException {
        host = PluginHost.on(PluginEngine.builder().build());
        var version = host.load(plugin("kv = true"));
        assertThat(version.status()).isEqualTo(PluginStatus.FAILED);
        assertThat(version.lastError()).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(e.message()).contains("imports plinth:host/kv.", "the security policy does not grant plugin"
                    + " keeper a key-value store");
        });
        assertThat(host.auditLog().recent(NAME, 10)).anySatisfy(a -> assertThat(a.what())
                .isEqualTo(ErrorCode.PERMISSION_DENIED));
    }

    @Test
    void importingTheStoreWithoutAskingIsRefusedAtLoad() throws IOException {
        host = PluginHost.on(granted(KvQuota.DEFAULTS).build());
        var version = host.load(plugin(""));
        assertThat(version.status()).isEqualTo(PluginStatus.FAILED);
        assertThat(version.lastError()).hasValueSatisfying(e -> assertThat(e.message())
                .contains("its manifest does not ask for a key-value store; add it to [permissions]"));
    }
}
