package dev.plinth.host.services;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PermissionDeniedException;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.event.EmittedEvent;
import dev.plinth.api.kv.KvQuota;
import dev.plinth.api.manifest.PermissionRules;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.security.policy.DataDirQuota;
import dev.plinth.security.policy.EnvironmentGrant;
import dev.plinth.security.policy.EventsGrant;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.testing.TestPlugins;
import com.sun.net.httpserver.HttpServer;
import dev.plinth.security.audit.AuditEntry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guestbook sample (sample-plugins/guestbook, built from the repository) under real grants:
 * one flow through its lifecycle and every host service it uses (the key-value store, events to a
 * Java listener, its data directory on disk, one environment variable, status and shutdown), its
 * welcome text over HTTP from a server on 127.0.0.1 when the network is granted (and refused,
 * audited, when it is not), a sign without the data directory taken back, and the same plugin
 * without the store or events granted, refused at load with the reason, audited.
 */
class GuestbookSampleTest {
    private static final String NAME = "guestbook";

    @TempDir
    Path tmp;
    PluginHost host;
    PluginEngine engine;
    final BlockingQueue<EmittedEvent> received = new LinkedBlockingQueue<>();

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    private static PluginGrant.Builder dataAndEnv() {
        return PluginGrant.builder().dataDir(new DataDirQuota(1 << 20, 100))
                .env(new EnvironmentGrant(Map.of("GUESTBOOK_OWNER", "the-operator"), Set.of()));
    }

    private static PluginGrant everything() {
        return dataAndEnv().kv(KvQuota.DEFAULTS)
                .events(new EventsGrant(List.of("guestbook.*"), List.of(), 10, 4096)).build();
    }

    private Path root() {
        return tmp.resolve("data-root");
    }

    private void start(PluginGrant grant) {
        start(PluginEngine.builder(), grant);
    }

    private void start(PluginEngine.Builder builder, PluginGrant grant) {
        engine = builder.dataDirectory(root()).grant(NAME, grant).eventListener(received::add).build();
        host = PluginHost.on(engine);
    }

    private String call(String export, String input) {
        return new String(host.call(NAME, export, input.getBytes(UTF_8)), UTF_8);
    }

    private List<EmittedEvent> awaitEvents(int count) throws InterruptedException {
        List<EmittedEvent> events = new ArrayList<>();
        while (events.size() < count) {
            EmittedEvent e = received.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("event %d of %d within 10 s (got %s)", events.size() + 1, count, events).isNotNull();
            events.add(e);
        }
        return events;
    }

    @Test
    void everyServiceInOneFlow() throws Exception {
        start(everything());
        VersionInfo info = host.load(TestPlugins.sample(NAME));
        assertThat(info.status()).as(info.toString()).isEqualTo(PluginStatus.ACTIVE);

        assertThat(call("sign", "{\"name\":\"Ada\",\"message\":\"Hello from the engine\"}"))
                .isEqualTo("{\"key\":\"entry:000001\",\"entries\":1}");
        assertThat(call("sign", "{\"name\":\"Grace\",\"message\":\"Second\"}"))
                .isEqualTo("{\"key\":\"entry:000002\",\"entries\":2}");
        assertThat(call("entries", "")).isEqualTo("[{\"key\":\"entry:000001\",\"name\":\"Ada\",\"message\":"
                + "\"Hello from the engine\"},{\"key\":\"entry:000002\",\"name\":\"Grace\",\"message\":\"Second\"}]");
        assertThat(call("remove", "entry:000001")).isEqualTo("{\"removed\":true}");

        assertThat(awaitEvents(3)).extracting(EmittedEvent::plugin, EmittedEvent::type, EmittedEvent::payload)
                .containsExactly(
                        tuple(NAME, "guestbook.signed", "{\"key\":\"entry:000001\",\"name\":\"Ada\"}"),
                        tuple(NAME, "guestbook.signed", "{\"key\":\"entry:000002\",\"name\":\"Grace\"}"),
                        tuple(NAME, "guestbook.removed", "{\"key\":\"entry:000001\"}"));

        // the store, seen from Java through the SPI
        var version = host.loaded(NAME).orElseThrow();
        assertThat(engineStoreKeys()).containsExactly("entry:000002", "seq");

        // the data directory, on disk under the operator's root
        Path log = root().resolve(NAME).resolve("guestbook.log");
        assertThat(Files.readString(log)).isEqualTo("signed\tentry:000001\tAda\tHello from the engine\n"
                + "signed\tentry:000002\tGrace\tSecond\nremoved\tentry:000001\n");
        assertThat(call("journal", "")).isEqualTo(Files.readString(log));

        // status: the config, the granted variable, the store's count, this instance's work
        assertThat(version.status().orElseThrow()).isEqualTo("{\"title\":\"Plinth guestbook\",\"owner\":\"the-operator\","
                + "\"entries\":1,\"signed\":2,\"log-bytes\":" + Files.size(log) + "}");

        // a refused sign says why and changes nothing
        assertThatThrownBy(() -> call("sign", "{\"name\":\"Ada\"}")).isInstanceOf(PluginException.class)
                .hasMessageContaining("sign needs a non-empty \"name\" and \"message\"");

        // shutdown writes its summary; the store outlives the version
        assertThat(host.unload(NAME)).isTrue();
        assertThat(Files.readString(root().resolve(NAME).resolve("summary.json")))
                .isEqualTo("{\"entries\":1,\"signed\":2}");
        assertThat(host.load(TestPlugins.sample(NAME)).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(call("sign", "{\"name\":\"Linus\",\"message\":\"After a reload\"}"))
                .isEqualTo("{\"key\":\"entry:000003\",\"entries\":2}");
    }

    @Test
    void theWelcomeTextIsFetchedOverHttpWhenTheNetworkIsGranted() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/welcome", exchange -> {
            try (exchange) {
                byte[] body = "Sign below, please".getBytes(UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            String url = "http://127.0.0.1:" + port + "/welcome";
            start(PluginEngine.builder().configOverride("welcome-url", url), everything().toBuilder()
                    .net(PermissionRules.net("connect:127.0.0.1:" + port)).build());
            assertThat(host.load(TestPlugins.sample(NAME)).status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(call("welcome", "")).isEqualTo("Sign below, please");
            assertThat(engine.keyValueStore().get(NAME, "welcome")).hasValueSatisfying(v ->
                    assertThat(new String(v, UTF_8)).isEqualTo("Sign below, please"));

            // the same plugin and config without the network granted: refused, audited, still serving
            host.close();
            start(PluginEngine.builder().configOverride("welcome-url", url), everything());
            assertThat(host.load(TestPlugins.sample(NAME)).status()).isEqualTo(PluginStatus.ACTIVE);
            assertThatThrownBy(() -> call("welcome", "")).isInstanceOf(PermissionDeniedException.class)
                    .hasMessageContaining("127.0.0.1");
            assertThat(host.auditLog().recent(NAME, 10)).extracting(AuditEntry::what)
                    .contains(ErrorCode.PERMISSION_DENIED);
            assertThat(call("sign", "{\"name\":\"Ada\",\"message\":\"Still here\"}")).contains("\"entries\":");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void withoutTheDataDirectoryASignFailsAndKeepsNothing() {
        start(PluginGrant.builder().kv(KvQuota.DEFAULTS)
                .events(new EventsGrant(List.of("guestbook.*"), List.of(), 10, 4096)).build());
        assertThat(host.load(TestPlugins.sample(NAME)).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThatThrownBy(() -> call("sign", "{\"name\":\"Ada\",\"message\":\"Hi\"}"))
                .isInstanceOf(PluginException.class).hasMessageContaining("guestbook.log: ");
        assertThat(engine.keyValueStore().keys(NAME, "entry:", 10)).as("the entry was taken back").isEmpty();
        assertThat(host.loaded(NAME).orElseThrow().status().orElseThrow()).contains("\"owner\":null",
                "\"entries\":0");
        assertThat(received).as("nothing announced").isEmpty();
        assertThat(Files.exists(root().resolve(NAME))).isFalse();
    }

    @Test
    void withoutAWelcomeUrlItGreetsWithTheTitle() {
        start(everything());
        host.load(TestPlugins.sample(NAME));
        assertThat(call("welcome", "")).isEqualTo("Welcome to Plinth guestbook");
    }

    private List<String> engineStoreKeys() {
        return engine.keyValueStore().keys(NAME, "", 100);
    }

    @Test
    void withoutTheStoreGrantedTheLoadIsRefusedAndAudited() {
        start(dataAndEnv().events(new EventsGrant(List.of("guestbook.*"), List.of(), 10, 4096)).build());
        VersionInfo info = host.load(TestPlugins.sample(NAME));
        assertThat(info.status()).isEqualTo(PluginStatus.FAILED);
        assertThat(info.lastError()).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(e.message()).contains("imports plinth:host/kv.",
                    "the security policy does not grant plugin guestbook a key-value store");
        });
        assertThat(host.auditLog().recent(NAME, 10)).anySatisfy(a -> assertThat(a.what())
                .isEqualTo(ErrorCode.PERMISSION_DENIED));
        assertThatThrownBy(() -> call("sign", "{\"name\":\"Ada\",\"message\":\"Hi\"}"))
                .isInstanceOf(PluginException.class);
        assertThat(received).isEmpty();
    }

    @Test
    void withoutEventsGrantedTheLoadIsRefusedAndAudited() {
        start(dataAndEnv().kv(KvQuota.DEFAULTS).build());
        VersionInfo info = host.load(TestPlugins.sample(NAME));
        assertThat(info.status()).isEqualTo(PluginStatus.FAILED);
        assertThat(info.lastError()).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(e.message()).contains("imports plinth:host/events.", "grants plugin guestbook no event type");
        });
        assertThat(host.auditLog().recent(NAME, 10)).anySatisfy(a -> assertThat(a.what())
                .isEqualTo(ErrorCode.PERMISSION_DENIED));
    }
}
