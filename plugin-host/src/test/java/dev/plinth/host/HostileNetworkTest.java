package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PermissionDeniedException;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.testing.TestPlugins;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Rust hostile plugin {@code net-escape} (built with plinth-sdk's {@code http} module) tries
 * to leave its network grant. Every attempt fails the call with permission-denied and leaves an
 * audit entry, no request reaches a server, and the host keeps serving the plugin and the others.
 */
class HostileNetworkTest {
    @TempDir
    Path plugins;

    private HttpServer internal;
    private HttpServer unreachable;
    private final List<String> reached = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServers() throws IOException {
        unreachable = server("unreachable");
        internal = server("internal");
        int away = unreachable.getAddress().getPort();
        internal.createContext("/redirect", exchange -> {
            try (exchange) {
                reached.add("internal /redirect");
                exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + away + "/steal");
                exchange.sendResponseHeaders(302, -1);
            }
        });
    }

    private HttpServer server(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                reached.add(name + " " + exchange.getRequestURI().getPath() + " "
                        + exchange.getRequestHeaders().getFirst("X-Attempt"));
                byte[] body = ("secret of " + name).getBytes(UTF_8);
                exchange.getResponseHeaders().add("X-Served-By", name);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        return server;
    }

    @AfterEach
    void stopServers() {
        internal.stop(0);
        unreachable.stop(0);
    }

    private int port() {
        return internal.getAddress().getPort();
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void everyEscapeIsRefusedAndTheHostKeepsServing(EngineMode mode) {
        try (PluginHost host = PluginHost.on(NetworkGrants.hostBuilder().engine(mode).configOverride("port", Integer.toString(port()))
                .build())) {
            assertThat(host.load(TestPlugins.hostile("net-escape")).status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.load(TestPlugins.sample("text-transformer")).status()).isEqualTo(PluginStatus.ACTIVE);

            assertThatThrownBy(() -> host.call("net-escape", "ungranted_host", new byte[0]))
                    .isInstanceOf(PermissionDeniedException.class)
                    .hasMessageContaining("plugin net-escape (ungranted_host) called http_request")
                    .hasMessageContaining("connect to metadata.example.org:" + port() + " is not allowed: no rule"
                            + " grants it (granted: connect:api.example.com:443)");
            assertThatThrownBy(() -> host.call("net-escape", "loopback", new byte[0]))
                    .isInstanceOf(PermissionDeniedException.class)
                    .hasMessageContaining("connect to 127.0.0.1:" + port() + " is not allowed");
            assertThatThrownBy(() -> host.call("net-escape", "localhost", new byte[0]))
                    .isInstanceOf(PermissionDeniedException.class)
                    .hasMessageContaining("connect to localhost:" + port() + " is not allowed");
            assertThatThrownBy(() -> host.call("net-escape", "fetch",
                    ("http://[::ffff:127.0.0.1]:" + port() + "/").getBytes(UTF_8)))
                    .isInstanceOf(PermissionDeniedException.class);

            assertAudited(host, "ungranted_host", "loopback", "localhost", "fetch");
            assertThat(host.call("text-transformer", "transform", "still serving".getBytes(UTF_8)))
                    .asString(UTF_8).isEqualTo("STILL SERVING");
            assertThat(host.find("net-escape")).get().extracting(i -> i.status()).isEqualTo(PluginStatus.ACTIVE);
        }
        assertThat(reached).isEmpty();
    }

    /**
     * Each refused request left one audit entry, in order: permission-denied on the function that
     * made it, whose call was stopped (its instance discarded); the message says what was refused.
     */
    private static void assertAudited(PluginHost host, String... functions) {
        List<AuditEntry> entries = host.auditLog().recent("net-escape", 100);
        assertThat(entries).extracting(AuditEntry::resource).containsExactly(functions);
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.what()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(e.action()).isEqualTo(AuditAction.STOPPED);
            assertThat(e.detail()).contains("plugin net-escape (" + e.resource() + ") called http_request");
        });
    }

    /** The same plugin granted 127.0.0.1 at one port explicitly: the address names itself. */
    private Path grantedInternal() throws IOException {
        Path copy = TestPlugins.copy(TestPlugins.hostile("net-escape"), plugins, "net-escape");
        Path manifest = copy.resolve("plugin.toml");
        Files.writeString(manifest, Files.readString(manifest).replace("net = [\"connect:api.example.com:443\"]",
                "net = [\"connect:127.0.0.1:" + port() + "\"]"));
        return copy;
    }

    @Test
    void aRedirectFromAGrantedServerToAnUngrantedOneIsRefused() throws IOException {
        try (PluginHost host = PluginHost.on(NetworkGrants.hostBuilder().configOverride("port", Integer.toString(port())).build())) {
            assertThat(host.load(grantedInternal()).status()).isEqualTo(PluginStatus.ACTIVE);

            assertThatThrownBy(() -> host.call("net-escape", "via_redirect", new byte[0]))
                    .isInstanceOf(PermissionDeniedException.class)
                    .hasMessageContaining("redirected to http://127.0.0.1:" + unreachable.getAddress().getPort()
                            + "/steal; refused");

            // what is granted still works, through the Rust SDK's http module
            assertThat(host.call("net-escape", "loopback", new byte[0])).asString(UTF_8)
                    .isEqualTo("200 secret of internal");
            assertThatThrownBy(() -> host.call("net-escape", "localhost", new byte[0]))
                    .isInstanceOf(PermissionDeniedException.class);
            assertAudited(host, "via_redirect", "localhost");
        }
        assertThat(reached).containsExactly("internal /redirect", "internal /secret net-escape");
    }
}
