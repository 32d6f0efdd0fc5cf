package dev.plinth.sandbox.net;

import static dev.plinth.sandbox.net.NetworkPolicyTest.ip;
import static dev.plinth.sandbox.net.NetworkPolicyTest.rule;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.error.PayloadTooLargeException;
import dev.plinth.api.error.PermissionDeniedException;
import dev.plinth.api.error.PluginTimeoutException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gateway against real HTTP servers on 127.0.0.1, granted by address. */
class HttpGatewayTest {
    private final LocalServer server = new LocalServer();
    private final LocalServer other = new LocalServer();
    private final List<String> lookups = new ArrayList<>();
    private final Map<String, List<InetAddress>> dns = new LinkedHashMap<>();

    @AfterEach
    void stop() {
        server.close();
        other.close();
    }

    private HttpGateway gateway(HttpLimits limits, String... allow) {
        NetworkPolicy policy = NetworkPolicy.of(Arrays.stream(allow).map(NetworkPolicyTest::rule).toList(), List.of())
                .withResolver(host -> {
                    lookups.add(host);
                    List<InetAddress> found = dns.get(host);
                    if (found == null) {
                        throw new UnknownHostException(host);
                    }
                    return found;
                });
        return new HttpGateway(policy, limits);
    }

    private HttpGateway granted(HttpLimits limits) {
        return gateway(limits, "connect:127.0.0.1:" + server.port());
    }

    private HttpGateway granted() {
        return granted(HttpLimits.DEFAULTS);
    }

    @Test
    void getPassesHeadersAndReturnsStatusHeadersAndBody() {
        server.on("/hello", ex -> {
            ex.getResponseHeaders().add("X-Reply", "one");
            ex.getResponseHeaders().add("X-Reply", "two");
            ex.getResponseHeaders().add("Content-Type", "text/plain");
            LocalServer.reply(ex, 200, "hello, plugin".getBytes(UTF_8));
        });

        PluginHttpResponse response = granted().send(new PluginHttpRequest("get", server.url("/hello?q=1"),
                Map.of("Accept", "text/plain", "X-Trace", "abc"), new byte[0]));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).asString(UTF_8).isEqualTo("hello, plugin");
        assertThat(response.headers()).containsEntry("x-reply", "one, two")
                .containsEntry("content-type", "text/plain")
                .containsEntry("content-length", "13");
        assertThat(response.headers().keySet()).allMatch(name -> name.equals(name.toLowerCase()));
        LocalServer.Seen seen = server.seen.get(0);
        assertThat(seen.method()).isEqualTo("GET");
        assertThat(seen.uri()).endsWith("/hello?q=1");
        assertThat(seen.header("Accept")).isEqualTo("text/plain");
        assertThat(seen.header("X-trace")).isEqualTo("abc");
        assertThat(seen.header("Host")).isEqualTo("127.0.0.1:" + server.port());
    }

    @Test
    void postSendsTheBody() {
        server.on("/echo", ex -> {
            byte[] body = server.seen.get(server.seen.size() - 1).body();
            LocalServer.reply(ex, 201, ("got " + new String(body, UTF_8)).getBytes(UTF_8));
        });

        PluginHttpResponse response = granted().send(new PluginHttpRequest("POST", server.url("/echo"),
                Map.of("Content-Type", "application/json"), "{\"n\":1}".getBytes(UTF_8)));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.body()).asString(UTF_8).isEqualTo("got {\"n\":1}");
        assertThat(server.seen.get(0).header("Content-type")).isEqualTo("application/json");
        assertThat(server.seen.get(0).header("Content-length")).isEqualTo("7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "PATCH", "DELETE", "HEAD"})
    void otherMethodsAreSent(String method) {
        server.on("/m", ex -> LocalServer.reply(ex, 200, new byte[0]));

        PluginHttpResponse response = granted().send(new PluginHttpRequest(method, server.url("/m"), Map.of(),
                method.equals("PUT") ? "x".getBytes(UTF_8) : new byte[0]));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(server.seen.get(0).method()).isEqualTo(method);
    }

    @Test
    void nonSuccessStatusesComeBackWithTheirBody() {
        server.on("/missing", ex -> LocalServer.reply(ex, 404, "nope".getBytes(UTF_8)));

        PluginHttpResponse response = granted().send(PluginHttpRequest.get(server.url("/missing")));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).asString(UTF_8).isEqualTo("nope");
    }

    @Test
    void hopByHopAndRestrictedHeadersAreDropped() {
        server.on("/h", ex -> LocalServer.reply(ex, 204, new byte[0]));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "evil.example.com");
        headers.put("Connection", "Upgrade");
        headers.put("Upgrade", "websocket");
        headers.put("Proxy-Authorization", "Basic Zm9vOmJhcg==");
        headers.put("Transfer-Encoding", "chunked");
        headers.put("X-Kept", "yes");

        granted().send(new PluginHttpRequest("GET", server.url("/h"), headers, new byte[0]));

        LocalServer.Seen seen = server.seen.get(0);
        assertThat(seen.header("Host")).isEqualTo("127.0.0.1:" + server.port());
        assertThat(seen.headers()).doesNotContainKeys("Upgrade", "Proxy-authorization", "Transfer-encoding");
        assertThat(seen.header("X-kept")).isEqualTo("yes");
    }

    @Test
    void invalidHeadersMethodsAndUrlsFailTheRequest() {
        HttpGateway gateway = granted();

        assertThatThrownBy(() -> gateway.send(new PluginHttpRequest("GET", server.url("/"),
                Map.of("Bad Name", "x"), new byte[0])))
                .isInstanceOf(HttpRequestFailedException.class).hasMessageContaining("header \"Bad Name\" is not valid");
        assertThatThrownBy(() -> gateway.send(new PluginHttpRequest("CONNECT", server.url("/"), Map.of(),
                new byte[0])))
                .isInstanceOf(HttpRequestFailedException.class)
                .hasMessage("HTTP method \"CONNECT\" is not supported; use one of DELETE, GET, HEAD, PATCH, POST, PUT");
        assertThatThrownBy(() -> gateway.send(PluginHttpRequest.get("not a url")))
                .isInstanceOf(HttpRequestFailedException.class).hasMessageContaining("is not a valid URL");
        assertThatThrownBy(() -> gateway.send(PluginHttpRequest.get("http://user:pw@127.0.0.1:" + server.port())))
                .isInstanceOf(HttpRequestFailedException.class).hasMessageContaining("credentials in the URL");
        assertThat(server.seen).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://127.0.0.1/x", "jar:file:/x.jar!/y", "/relative/only"})
    void onlyHttpAndHttpsAreAllowed(String url) {
        assertThatThrownBy(() -> granted().send(PluginHttpRequest.get(url)))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("only http and https URLs may be requested");
    }

    @Test
    void loopbackWithoutAnExplicitGrantIsRefused() {
        server.on("/", ex -> LocalServer.reply(ex, 200, "leak".getBytes(UTF_8)));
        dns.put("localhost", List.of(ip("127.0.0.1")));
        HttpGateway gateway = gateway(HttpLimits.DEFAULTS, "connect:*:*");

        assertThatThrownBy(() -> gateway.send(PluginHttpRequest.get(server.url("/"))))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessage("GET " + server.url("/") + " refused: connect to 127.0.0.1:" + server.port()
                        + " is not allowed: 127.0.0.1 is a loopback address; such an address is reachable only when"
                        + " a rule names it explicitly, e.g. connect:127.0.0.1:" + server.port());
        assertThatThrownBy(() -> gateway.send(PluginHttpRequest.get("http://localhost:" + server.port() + "/")))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("localhost resolved to 127.0.0.1, which is a loopback address");
        assertThat(server.seen).isEmpty();
    }

    @Test
    void anUngrantedHostIsRefusedWithoutAnyLookup() {
        assertThatThrownBy(() -> granted().send(PluginHttpRequest.get("https://api.example.com/v1?key=secret")))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessage("GET https://api.example.com/v1?... refused: connect to api.example.com:443 is not allowed:"
                        + " no rule grants it (granted: connect:127.0.0.1:" + server.port() + ")");
        assertThat(lookups).isEmpty();
    }

    @Test
    void aRedirectToAGrantedPathIsFollowed() {
        server.on("/old", ex -> LocalServer.redirect(ex, 302, "/new?x=1"));
        server.on("/new", ex -> LocalServer.reply(ex, 200, "moved here".getBytes(UTF_8)));

        PluginHttpResponse response = granted().send(new PluginHttpRequest("GET", server.url("/old"),
                Map.of("Authorization", "Bearer t"), new byte[0]));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).asString(UTF_8).isEqualTo("moved here");
        assertThat(server.seen).extracting(LocalServer.Seen::uri).satisfiesExactly(
                first -> assertThat(first).endsWith("/old"), second -> assertThat(second).endsWith("/new?x=1"));
        assertThat(server.seen.get(1).header("Authorization")).isEqualTo("Bearer t");
    }

    @Test
    void aRedirectToAnUngrantedServerIsRefusedAndNeverReachesIt() {
        other.on("/", ex -> LocalServer.reply(ex, 200, "should not be reached".getBytes(UTF_8)));
        server.on("/jump", ex -> LocalServer.redirect(ex, 307, other.url("/steal")));

        assertThatThrownBy(() -> granted().send(PluginHttpRequest.get(server.url("/jump"))))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessage("GET " + server.url("/jump") + " redirected to " + other.url("/steal") + "; refused:"
                        + " connect to 127.0.0.1:" + other.port() + " is not allowed: no rule grants it (granted:"
                        + " connect:127.0.0.1:" + server.port() + ")");
        assertThat(other.seen).isEmpty();
    }

    @Test
    void aRedirectToAnUngrantedNameOrSchemeIsRefused() {
        server.on("/name", ex -> LocalServer.redirect(ex, 301, "http://metadata.internal/latest"));
        server.on("/file", ex -> LocalServer.redirect(ex, 302, "file:///etc/passwd"));
        HttpGateway gateway = granted();

        assertThatThrownBy(() -> gateway.send(PluginHttpRequest.get(server.url("/name"))))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("redirected to http://metadata.internal/latest; refused");
        assertThatThrownBy(() -> gateway.send(PluginHttpRequest.get(server.url("/file"))))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessage("a redirect from " + server.url("/file") + " to \"file:///etc/passwd\" is not allowed:"
                        + " only http and https URLs may be requested");
        assertThat(lookups).isEmpty();
    }

    @Test
    void aRedirectToAGrantedNameThatResolvesToAnotherLoopbackServiceIsRefused() {
        other.on("/", ex -> LocalServer.reply(ex, 200, "internal".getBytes(UTF_8)));
        dns.put("rebind.example.com", List.of(ip("127.0.0.1")));
        server.on("/go", ex -> LocalServer.redirect(ex, 302, "http://rebind.example.com:" + other.port() + "/"));
        HttpGateway gateway = gateway(HttpLimits.DEFAULTS, "connect:127.0.0.1:" + server.port(),
                "connect:*.example.com:*");

        assertThatThrownBy(() -> gateway.send(PluginHttpRequest.get(server.url("/go"))))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("rebind.example.com resolved to 127.0.0.1, which is a loopback address");
        assertThat(other.seen).isEmpty();
    }

    @Test
    void seeOtherTurnsAPostIntoAGetWithoutBodyWhileTemporaryRedirectKeepsIt() {
        server.on("/form", ex -> LocalServer.redirect(ex, 303, "/result"));
        server.on("/keep", ex -> LocalServer.redirect(ex, 307, "/result"));
        server.on("/result", ex -> LocalServer.reply(ex, 200, "ok".getBytes(UTF_8)));
        HttpGateway gateway = granted();

        gateway.send(new PluginHttpRequest("POST", server.url("/form"), Map.of("Content-Type", "text/plain"),
                "data".getBytes(UTF_8)));
        gateway.send(new PluginHttpRequest("POST", server.url("/keep"), Map.of(), "data".getBytes(UTF_8)));

        assertThat(server.seen).extracting(LocalServer.Seen::method).containsExactly("POST", "GET", "POST", "POST");
        assertThat(server.seen.get(1).body()).isEmpty();
        assertThat(server.seen.get(1).headers()).doesNotContainKey("Content-type");
        assertThat(server.seen.get(3).body()).asString(UTF_8).isEqualTo("data");
    }

    @Test
    void credentialsAreNotSentToAnotherOrigin() {
        other.on("/", ex -> LocalServer.reply(ex, 200, "other".getBytes(UTF_8)));
        server.on("/away", ex -> LocalServer.redirect(ex, 302, other.url("/")));
        HttpGateway gateway = gateway(HttpLimits.DEFAULTS, "connect:127.0.0.1:" + server.port(),
                "connect:127.0.0.1:" + other.port());

        PluginHttpResponse response = gateway.send(new PluginHttpRequest("GET", server.url("/away"),
                Map.of("Authorization", "Bearer t", "Cookie", "s=1", "X-Other", "kept"), new byte[0]));

        assertThat(response.body()).asString(UTF_8).isEqualTo("other");
        assertThat(other.seen.get(0).headers()).doesNotContainKeys("Authorization", "Cookie");
        assertThat(other.seen.get(0).header("X-other")).isEqualTo("kept");
    }

    @Test
    void redirectsStopAfterTheLimit() {
        server.on("/loop", ex -> LocalServer.redirect(ex, 302, "/loop"));

        assertThatThrownBy(() -> granted(HttpLimits.DEFAULTS.withMaxRedirects(3))
                .send(PluginHttpRequest.get(server.url("/loop"))))
                .isInstanceOf(HttpRequestFailedException.class)
                .hasMessage("GET " + server.url("/loop") + " was redirected more than 3 times; stopped");
        assertThat(server.seen).hasSize(4);
    }

    @Test
    void aRedirectWithoutLocationIsReturnedAsIs() {
        server.on("/odd", ex -> LocalServer.reply(ex, 302, "no location".getBytes(UTF_8)));

        assertThat(granted().send(PluginHttpRequest.get(server.url("/odd"))).status()).isEqualTo(302);
    }

    @Test
    void aBodyAnnouncedLargerThanTheCapIsRefused() {
        server.on("/big", ex -> LocalServer.reply(ex, 200, new byte[2048]));

        assertThatThrownBy(() -> granted(HttpLimits.DEFAULTS.withMaxResponseBytes(1024))
                .send(PluginHttpRequest.get(server.url("/big"))))
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessage("the response to GET " + server.url("/big") + " is larger than the limit of 1024 bytes"
                        + " (max-http-response-bytes): 2048 bytes announced; the transfer was aborted");
    }

    @Test
    void anEndlessStreamedBodyIsAbortedAtTheCap() {
        List<Long> written = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.on("/endless", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked, no length announced
            long total = 0;
            try (OutputStream out = ex.getResponseBody()) {
                byte[] chunk = new byte[16 * 1024];
                while (total < (1L << 30)) {
                    out.write(chunk);
                    out.flush();
                    total += chunk.length;
                }
            } catch (IOException aborted) {
                // the gateway hung up, as it should
            } finally {
                written.add(total);
            }
        });
        long started = System.nanoTime();

        assertThatThrownBy(() -> granted(HttpLimits.DEFAULTS.withMaxResponseBytes(1 << 20))
                .send(PluginHttpRequest.get(server.url("/endless"))))
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("more than 1048576 bytes received");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        long waitUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (written.isEmpty() && System.nanoTime() < waitUntil) {
            Thread.onSpinWait();
        }
        assertThat(written).singleElement().satisfies(total -> assertThat(total).isLessThan(64L << 20));
    }

    @Test
    void aBodyExactlyAtTheCapIsAccepted() {
        server.on("/exact", ex -> {
            ex.sendResponseHeaders(200, 0);
            ex.getResponseBody().write(new byte[1024]);
        });

        assertThat(granted(HttpLimits.DEFAULTS.withMaxResponseBytes(1024))
                .send(PluginHttpRequest.get(server.url("/exact"))).body()).hasSize(1024);
    }

    @Test
    void aServerThatDoesNotAnswerTimesOut() {
        server.on("/slow", ex -> {
            Thread.sleep(3000);
            LocalServer.reply(ex, 200, "late".getBytes(UTF_8));
        });
        long started = System.nanoTime();

        assertThatThrownBy(() -> granted(HttpLimits.DEFAULTS.withTimeout(Duration.ofMillis(300)))
                .send(PluginHttpRequest.get(server.url("/slow"))))
                .isInstanceOf(PluginTimeoutException.class)
                .hasMessage("GET " + server.url("/slow") + " did not complete within 300 ms (the per-request HTTP"
                        + " timeout)");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(250),
                Duration.ofMillis(2000));
    }

    @Test
    void aBodyThatTricklesPastTheTimeoutTimesOut() {
        server.on("/trickle", ex -> {
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            for (int i = 0; i < 50; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(100);
            }
        });
        long started = System.nanoTime();

        assertThatThrownBy(() -> granted(HttpLimits.DEFAULTS.withTimeout(Duration.ofMillis(400)))
                .send(PluginHttpRequest.get(server.url("/trickle"))))
                .isInstanceOf(PluginTimeoutException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2000));
    }

    @Test
    void aRefusedConnectionIsAFailureNotARefusal() {
        LocalServer closed = new LocalServer();
        int port = closed.port();
        closed.close();

        assertThatThrownBy(() -> gateway(HttpLimits.DEFAULTS, "connect:127.0.0.1:" + port)
                .send(PluginHttpRequest.get("http://127.0.0.1:" + port + "/")))
                .isInstanceOf(HttpRequestFailedException.class)
                .hasMessage("GET http://127.0.0.1:" + port + "/ failed: connection refused");
    }

    @Test
    void aGrantedNameThatDoesNotResolveFails() {
        assertThatThrownBy(() -> gateway(HttpLimits.DEFAULTS, "connect:*.example.com:*")
                .send(PluginHttpRequest.get("http://gone.example.com/")))
                .isInstanceOf(HttpRequestFailedException.class)
                .hasMessage("GET http://gone.example.com/ failed: host gone.example.com does not resolve");
    }

    /**
     * DNS rebinding: the name is resolved once, by the policy, and the connection goes to that
     * checked address. The JDK itself could not even resolve this name (it exists only in the test
     * resolver), so a successful request proves that nothing was resolved again.
     */
    @Test
    void plainHttpIsPinnedToTheCheckedAddress() {
        server.on("/pinned", ex -> LocalServer.reply(ex, 200, "pinned".getBytes(UTF_8)));
        List<InetAddress> answers = new ArrayList<>(List.of(ip("127.0.0.1")));
        dns.put("pinned.example.test", answers);
        HttpGateway gateway = gateway(HttpLimits.DEFAULTS, "connect:pinned.example.test:" + server.port(),
                "connect:127.0.0.1:" + server.port());

        PluginHttpResponse response = gateway.send(PluginHttpRequest.get("http://pinned.example.test:" + server.port()
                + "/pinned"));

        assertThat(response.body()).asString(UTF_8).isEqualTo("pinned");
        assertThat(lookups).containsExactly("pinned.example.test");
        assertThat(server.seen.get(0).header("Host")).isEqualTo("pinned.example.test:" + server.port());
    }

    @Test
    void concurrentRequestsShareOneClient() throws Exception {
        server.on("/n", ex -> LocalServer.reply(ex, 200, ex.getRequestURI().getQuery().getBytes(UTF_8)));
        HttpGateway gateway = granted();
        List<Thread> threads = new ArrayList<>();
        List<String> bodies = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 8; i++) {
            int n = i;
            Thread t = new Thread(() -> bodies.add(new String(
                    gateway.send(PluginHttpRequest.get(server.url("/n?" + n))).body(), UTF_8)));
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(bodies).containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5", "6", "7");
    }
}
