package dev.plinth.host.component;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.event.EmittedEvent;
import dev.plinth.api.kv.KvQuota;
import dev.plinth.api.manifest.NetPermission;
import dev.plinth.component.value.Value;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.host.kv.MvStoreKeyValueStore;
import dev.plinth.security.policy.DataDirQuota;
import dev.plinth.security.policy.EventsGrant;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.testing.TestPlugins;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sample-plugins/notes-component} (world {@code full-plugin-with-event-handler} of {@code wit/plinth.wit},
 * built by the Rust SDK) loaded from a plugins folder as a plugin: its kv-store, events, data-dir and http-client
 * imports are the engine's own services, the events it subscribes to reach its event handler (the kv store SPI, the event queue towards the application's listener, the data
 * directory, the HTTP gateway), each granted as for an Extism plugin. Without a grant the same component is
 * refused at load with {@code permission-denied} naming the import, audited, while the host serves on.
 */
class NotesComponentServicesTest {
    private static final String PROCESS = "plinth:plugin/processing@0.1.0#process";

    @TempDir
    Path plugins;
    @TempDir
    Path data;

    final LinkedBlockingQueue<EmittedEvent> events = new LinkedBlockingQueue<>();
    final MvStoreKeyValueStore store = MvStoreKeyValueStore.inMemory();
    HttpServer server;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/note", exchange -> {
            byte[] body = "fetched over http".getBytes(UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Path notesPlugin(String permissions) throws Exception {
        Path dir = Files.createDirectories(plugins.resolve("notes"));
        Path built = TestPlugins.component("notes-component");
        Files.copy(built.resolve("notes_component.wasm"), dir.resolve("notes_component.wasm"));
        Files.writeString(dir.resolve("plugin.toml"), """
                [plugin]
                name = "notes-component"
                version = "0.1.0"
                entrypoint = "notes_component.wasm"

                [permissions]
                """ + permissions);
        return dir;
    }

    private static final String ASKS = """
            kv = { max-keys = 100 }
            events = { emit = ["note.*"] }
            data-dir = "1MB"
            net = ["connect:127.0.0.*:*"]
            """;

    private PluginGrant grant() {
        return PluginGrant.builder().kv(new KvQuota(100, 64, 4096, 1 << 20))
                .events(new EventsGrant(List.of("note.*"), List.of(), 10, 1024))
                .dataDir(new DataDirQuota(1 << 20, 100))
                .net(new NetPermission(NetPermission.Action.CONNECT, "127.0.0.1", NetPermission.ANY_PORT)).build();
    }

    private static Value request(String operation, Value payload, String... attributes) {
        java.util.ArrayList<Value> pairs = new java.util.ArrayList<>();
        for (int i = 0; i < attributes.length; i += 2) {
            pairs.add(new Value.Tuple(List.of(new Value.Str(attributes[i]), new Value.Str(attributes[i + 1]))));
        }
        return new Value.Record(Map.of("id", new Value.Str("r-" + operation), "operation", new Value.Str(operation),
                "payload", payload, "attributes", new Value.ListOf(pairs)));
    }

    private static Value text(String s) {
        return new Value.Variant("text", Optional.of(new Value.Str(s)));
    }

    private static final Value EMPTY = new Value.Variant("empty", Optional.empty());

    /** The response record of an ok result. */
    private static Map<String, Value> ok(List<Value> results) {
        Value.Result result = (Value.Result) results.get(0);
        assertThat(result.ok()).as("process answered %s", result).isTrue();
        return ((Value.Record) result.payload().orElseThrow()).fields();
    }

    @Test
    void theGrantedServicesAreTheEnginesOwn() throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().keyValueStore(store).dataDirectory(data)
                .eventListener(events::add).grant("notes-component", grant()).build())) {
            host.load(TestPlugins.sample("text-transformer"));
            VersionInfo info = host.load(notesPlugin(ASKS));
            assertThat(info.status()).as("%s", info.lastError()).isEqualTo(PluginStatus.ACTIVE);
            var notes = host.component("notes-component");

            ok(notes.call(PROCESS, List.of(request("put", text("buy milk"), "key", "a"))));
            assertThat(store.get("notes-component", "note/a")).hasValueSatisfying(v -> assertThat(v).asString(UTF_8)
                    .isEqualTo("buy milk"));
            EmittedEvent event = events.poll(10, TimeUnit.SECONDS);
            assertThat(event).isNotNull();
            assertThat(event.type()).isEqualTo("note.saved");
            assertThat(event.payload()).isEqualTo("note/a");
            assertThat(event.plugin()).isEqualTo("notes-component");

            Map<String, Value> got = ok(notes.call(PROCESS, List.of(request("get", EMPTY, "key", "a"))));
            assertThat(got.get("payload")).isEqualTo(text("buy milk"));

            Map<String, Value> archived = ok(notes.call(PROCESS, List.of(request("archive", EMPTY, "key", "a"))));
            assertThat(archived.get("notes")).isEqualTo(new Value.ListOf(List.of(new Value.Str("note-a"))));
            assertThat(data.resolve("notes-component").resolve("note-a")).hasContent("buy milk");

            int port = server.getAddress().getPort();
            Map<String, Value> fetched = ok(notes.call(PROCESS, List.of(request("fetch", EMPTY, "key", "b",
                    "url", "http://127.0.0.1:" + port + "/note"))));
            assertThat(fetched.get("payload")).isEqualTo(new Value.Variant("number",
                    Optional.of(new Value.F64("fetched over http".length()))));
            assertThat(store.get("notes-component", "note/b")).hasValueSatisfying(v -> assertThat(v).asString(UTF_8)
                    .isEqualTo("fetched over http"));

            Map<String, Value> keys = ok(notes.call(PROCESS, List.of(request("keys", text("note/")))));
            assertThat(keys.get("notes")).isEqualTo(new Value.ListOf(List.of(new Value.Str("note/a"),
                    new Value.Str("note/b"))));
            assertThat(host.call("text-transformer", "transform", "after".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("AFTER");
        }
    }

    @Test
    void publishedEventsItSubscribesToReachItsRustEventHandler() throws Exception {
        PluginGrant grant = PluginGrant.builder().kv(new KvQuota(100, 64, 4096, 1 << 20))
                .events(new EventsGrant(List.of("note.*"), List.of("settings.*"), 10, 1024))
                .dataDir(new DataDirQuota(1 << 20, 100))
                .net(new NetPermission(NetPermission.Action.CONNECT, "127.0.0.1", NetPermission.ANY_PORT)).build();
        try (PluginHost host = PluginHost.on(PluginEngine.builder().keyValueStore(store).dataDirectory(data)
                .eventListener(events::add).grant("notes-component", grant).build())) {
            VersionInfo info = host.load(notesPlugin(ASKS.replace("events = { emit = [\"note.*\"] }",
                    "events = { emit = [\"note.*\"], subscribe = [\"settings.*\", \"orders.*\"] }")));
            assertThat(info.status()).as("%s", info.lastError()).isEqualTo(PluginStatus.ACTIVE);

            assertThat(host.events().publish("orders.created", "asked, not granted")).isTrue();
            assertThat(host.events().publish("settings.theme", "dark")).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (store.get("notes-component", "event/settings.theme").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(store.get("notes-component", "event/settings.theme")).hasValueSatisfying(v ->
                    assertThat(v).asString(UTF_8).isEqualTo("dark"));
            assertThat(store.get("notes-component", "event/orders.created")).as("not granted: not delivered")
                    .isEmpty();
            ok(host.component("notes-component").call(PROCESS, List.of(request("put", text("after"), "key", "z"))));
        }
    }

    @Test
    void aHostTheGrantDoesNotNameIsRefusedAndAudited() throws Exception {
        PluginGrant grant = PluginGrant.builder().kv(new KvQuota(100, 64, 4096, 1 << 20))
                .events(new EventsGrant(List.of("note.*"), List.of(), 10, 1024))
                .dataDir(new DataDirQuota(1 << 20, 100))
                .net(new NetPermission(NetPermission.Action.CONNECT, "127.0.0.2", NetPermission.ANY_PORT)).build();
        try (PluginHost host = PluginHost.on(PluginEngine.builder().keyValueStore(store).dataDirectory(data)
                .eventListener(events::add).grant("notes-component", grant).build())) {
            assertThat(host.load(notesPlugin(ASKS)).status()).isEqualTo(PluginStatus.ACTIVE);
            int port = server.getAddress().getPort();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> host.component("notes-component").call(PROCESS,
                    List.of(request("fetch", EMPTY, "key", "b", "url", "http://127.0.0.1:" + port + "/note"))))
                    .isInstanceOf(dev.plinth.api.error.PermissionDeniedException.class)
                    .hasMessageContaining("plinth:plugin/http-client");
            assertThat(host.auditLog().recent("notes-component", 20)).anySatisfy(e ->
                    assertThat(e.what()).isEqualTo(ErrorCode.PERMISSION_DENIED));
            assertThat(store.get("notes-component", "note/b")).isEmpty();
            // a fresh instance serves the next call
            ok(host.component("notes-component").call(PROCESS, List.of(request("put", text("still"), "key", "c"))));
        }
    }

    @Test
    void withoutTheGrantsTheImportsAreRefusedAtLoadByName() throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().keyValueStore(store).dataDirectory(data)
                .eventListener(events::add).build())) {
            host.load(TestPlugins.sample("text-transformer"));
            VersionInfo info = host.load(notesPlugin(ASKS));

            assertThat(info.status()).isEqualTo(PluginStatus.FAILED);
            assertThat(info.lastError().orElseThrow().code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(info.lastError().orElseThrow().message()).contains("plinth:plugin/kv-store@0.1.0")
                    .contains("does not grant");
            assertThat(host.auditLog().recent("notes-component", 20)).anySatisfy(e -> {
                assertThat(e.what()).isEqualTo(ErrorCode.PERMISSION_DENIED);
                assertThat(e.detail()).contains("plinth:plugin/kv-store");
            });
            assertThat(host.call("text-transformer", "transform", "after".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("AFTER");
        }
    }

    @Test
    void aManifestThatDoesNotAskIsRefusedEvenWhenThePolicyWouldGrant() throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().keyValueStore(store).dataDirectory(data)
                .grant("notes-component", grant()).build())) {
            VersionInfo info = host.load(notesPlugin("kv = { max-keys = 100 }\n"));

            assertThat(info.status()).isEqualTo(PluginStatus.FAILED);
            assertThat(info.lastError().orElseThrow().code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(info.lastError().orElseThrow().message()).contains("plinth:plugin/")
                    .contains("its manifest");
        }
    }
}
