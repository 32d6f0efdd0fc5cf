package dev.plinth.sandbox.net;

import static dev.plinth.sandbox.net.NetworkPolicyTest.ip;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.error.PermissionDeniedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What goes on the wire: the request line in origin form to the checked address, the Host header
 * from the URL, TLS with SNI and a certificate checked against the name, on real servers on
 * 127.0.0.1 (a strict jdk.httpserver, an HTTPS server, and raw sockets for broken answers).
 */
class PinnedExchangeTest {
    private static final String SECURE_NAME = "secure.example.test";
    private static TestCertificate certificate;

    private final List<String> lookups = new ArrayList<>();
    private final Map<String, List<InetAddress>> dns = new LinkedHashMap<>();
    private final List<AutoCloseable> servers = new ArrayList<>();

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = TestCertificate.forName(SECURE_NAME);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    private HttpGateway gateway(SSLContext tls, String... allow) {
        NetworkPolicy policy = NetworkPolicy.of(Arrays.stream(allow).map(NetworkPolicyTest::rule).toList(), List.of())
                .withResolver(host -> {
                    lookups.add(host);
                    List<InetAddress> found = dns.get(host);
                    if (found == null) {
                        throw new UnknownHostException(host);
                    }
                    return found;
                });
        return new HttpGateway(policy, HttpLimits.DEFAULTS, tls);
    }

    /** Like Python's http.server: a request target that is not a path finds no file. */
    private LocalServer strictServer() {
        LocalServer server = new LocalServer().on("/", ex -> {
            if (ex.getRequestURI().isAbsolute()) {
                LocalServer.reply(ex, 404, "File not found".getBytes(UTF_8));
            } else {
                LocalServer.reply(ex, 200, ("served " + ex.getRequestURI()).getBytes(UTF_8));
            }
        });
        servers.add(server);
        return server;
    }

    @Test
    void theRequestLineIsInOriginFormSoAStrictServerAnswers() {
        LocalServer server = strictServer();

        PluginHttpResponse response = gateway(null, "connect:127.0.0.1:" + server.port())
                .send(PluginHttpRequest.get(server.url("/data.txt?x=1#frag")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).asString(UTF_8).isEqualTo("served /data.txt?x=1");
        assertThat(server.seen.get(0).uri()).isEqualTo("/data.txt?x=1");
        assertThat(server.seen.get(0).header("Host")).isEqualTo("127.0.0.1:" + server.port());
        // nothing of HttpClient's own: no compression, protocol upgrade or kept-alive connection
        assertThat(server.seen.get(0).headers()).doesNotContainKeys("Accept-encoding", "Upgrade", "Expect", "Cookie");
        assertThat(server.seen.get(0).header("Connection")).isEqualTo("close");
        assertThat(server.seen.get(0).header("User-agent")).isEqualTo("Plinth");
    }

    /** The resolver HttpClient gets knows one host and one address, and nothing else. */
    @Test
    void thePinnedResolverAnswersOnlyTheCheckedHostWithTheCheckedAddress() throws Exception {
        dns.put("api.example.test", List.of(ip("93.184.216.34"), ip("93.184.216.35")));
        ConnectTarget target = NetworkPolicy.of(List.of(NetworkPolicyTest.rule("connect:*.example.test:443")),
                List.of()).withResolver(host -> dns.get(host)).check("api.example.test", 443);
        PinnedDnsResolver resolver = new PinnedDnsResolver(target, ip("93.184.216.34"));

        assertThat(resolver.resolve("api.example.test")).containsExactly(ip("93.184.216.34"));
        assertThat(resolver.resolve("API.Example.Test.")).containsExactly(ip("93.184.216.34"));
        assertThat(resolver.resolve("api.example.test", 443)).extracting(a -> a.getAddress())
                .containsExactly(ip("93.184.216.34"));
        assertThatThrownBy(() -> resolver.resolve("other.example.test")).isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("not the host the network policy checked");
        assertThatThrownBy(() -> resolver.resolve("93.184.216.34")).isInstanceOf(UnknownHostException.class);
        assertThatThrownBy(() -> resolver.resolve("api.example.test", 80)).isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("not the port the network policy checked");
        assertThatThrownBy(() -> new PinnedDnsResolver(target, ip("127.0.0.1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** An interrupted caller gets its answer at once, and the connection is closed under the server. */
    @Test
    void anInterruptedCallerClosesTheConnection() throws Exception {
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        servers.add(listener);
        java.util.concurrent.CountDownLatch headRead = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch closedByClient = new java.util.concurrent.CountDownLatch(1);
        Thread server = new Thread(() -> {
            try (Socket s = listener.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), ISO_8859_1));
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    // the request head
                }
                headRead.countDown();
                while (in.read() >= 0) {
                    // never answers; waits for the client to hang up
                }
                closedByClient.countDown();
            } catch (Exception e) {
                closedByClient.countDown();
            }
        });
        server.setDaemon(true);
        server.start();
        HttpGateway gateway = gateway(null, "connect:127.0.0.1:" + listener.getLocalPort());
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                gateway.send(PluginHttpRequest.get("http://127.0.0.1:" + listener.getLocalPort() + "/wait"));
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        caller.start();
        assertThat(headRead.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        caller.interrupt();
        caller.join(2000);

        assertThat(caller.isAlive()).isFalse();
        assertThat(failure.get()).isInstanceOf(HttpRequestFailedException.class)
                .hasMessage("GET http://127.0.0.1:" + listener.getLocalPort() + "/wait was interrupted");
        assertThat(closedByClient.await(2, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    /**
     * Python's own {@code http.server}, where python3 is installed: it serves files by the request
     * target taken as a path, so only the origin form finds {@code data.txt}.
     */
    @Test
    void pythonsHttpServerServesTheFile(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("data.txt"), "hello from python\n");
        Process python;
        try {
            python = new ProcessBuilder("python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1")
                    .directory(root.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("python3 is not installed: " + e.getMessage());
            return;
        }
        servers.add(python::destroyForcibly);
        BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(), UTF_8));
        Matcher serving = Pattern.compile("port (\\d+)").matcher(String.valueOf(out.readLine()));
        Assumptions.assumeTrue(serving.find(), "python3 -m http.server did not start");
        int port = Integer.parseInt(serving.group(1));

        PluginHttpResponse response = gateway(null, "connect:127.0.0.1:" + port)
                .send(PluginHttpRequest.get("http://127.0.0.1:" + port + "/data.txt"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).asString(UTF_8).isEqualTo("hello from python\n");
    }

    /** A glob-granted name: one lookup, the pinned address, and the name (not the address) in Host. */
    @Test
    void aPinnedNameKeepsItsHostHeaderAndTheOriginForm() {
        LocalServer server = strictServer();
        dns.put("api.example.test", List.of(ip("127.0.0.1")));

        PluginHttpResponse response = gateway(null, "connect:*.example.test:" + server.port(),
                "connect:127.0.0.1:" + server.port())
                .send(PluginHttpRequest.get("http://api.example.test:" + server.port() + "/data.txt"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(server.seen.get(0).uri()).isEqualTo("/data.txt");
        assertThat(server.seen.get(0).header("Host")).isEqualTo("api.example.test:" + server.port());
        assertThat(lookups).containsExactly("api.example.test");
    }

    @Test
    void anEmptyPathIsSentAsSlashAndNonAsciiIsPercentEncoded() {
        LocalServer server = strictServer();
        HttpGateway gateway = gateway(null, "connect:127.0.0.1:" + server.port());

        gateway.send(PluginHttpRequest.get("http://127.0.0.1:" + server.port()));
        gateway.send(PluginHttpRequest.get(server.url("/caf\u00e9")));

        assertThat(server.seen).extracting(LocalServer.Seen::uri).containsExactly("/", "/caf%C3%A9");
    }

    /** A glob that matches the name never lets the connection reach an address the policy refuses. */
    @Test
    void aGlobMatchedNameThatResolvesToLoopbackIsRefusedAndNothingIsSent() {
        LocalServer server = strictServer();
        dns.put("rebind.example.test", List.of(ip("93.184.216.34"), ip("127.0.0.1")));
        dns.put("metadata.example.test", List.of(ip("169.254.169.254")));
        HttpGateway gateway = gateway(null, "connect:*.example.test:*");

        assertThatThrownBy(() -> gateway.send(PluginHttpRequest.get("http://rebind.example.test:" + server.port()
                + "/")))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("rebind.example.test resolved to 127.0.0.1, which is a loopback address");
        assertThatThrownBy(() -> gateway.send(PluginHttpRequest.get("http://metadata.example.test/latest/")))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("169.254.169.254, which is a link-local address");
        assertThat(server.seen).isEmpty();
    }

    @Test
    void headerValuesCannotSmuggleALineBreak() {
        LocalServer server = strictServer();
        HttpGateway gateway = gateway(null, "connect:127.0.0.1:" + server.port());

        assertThatThrownBy(() -> gateway.send(new PluginHttpRequest("GET", server.url("/"),
                Map.of("X-A", "1\r\nHost: evil.example.com"), new byte[0])))
                .isInstanceOf(HttpRequestFailedException.class)
                .hasMessageContaining("header \"X-A\" is not valid: its value holds a line break");
        assertThatThrownBy(() -> gateway.send(new PluginHttpRequest("GET", server.url("/"),
                Map.of("X-B\r\nX-C", "1"), new byte[0])))
                .isInstanceOf(HttpRequestFailedException.class).hasMessageContaining("is not valid");
        assertThatThrownBy(() -> gateway.send(new PluginHttpRequest("GET", server.url("/"),
                Map.of("X-D", "a\u0000b"), new byte[0])))
                .hasMessageContaining("holds a control character");
        assertThat(server.seen).isEmpty();
    }

    /**
     * HTTPS is pinned too: the name exists only in the test resolver, so the JDK could not resolve
     * it; the handshake still names it (SNI) and the certificate is checked against it.
     */
    @Test
    void httpsIsPinnedAndTheHandshakeNamesTheHost() throws Exception {
        LocalServer server = LocalServer.https(certificate.serverContext());
        servers.add(server);
        server.on("/", ex -> LocalServer.reply(ex, ex.getRequestURI().isAbsolute() ? 404 : 200,
                "secret-free".getBytes(UTF_8)));
        dns.put(SECURE_NAME, List.of(ip("127.0.0.1")));

        PluginHttpResponse response = gateway(certificate.clientContext(), "connect:" + SECURE_NAME + ":*",
                "connect:127.0.0.1:" + server.port())
                .send(PluginHttpRequest.get("https://" + SECURE_NAME + ":" + server.port() + "/data.txt"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).asString(UTF_8).isEqualTo("secret-free");
        assertThat(certificate.sniSeen).contains(SECURE_NAME);
        assertThat(server.seen.get(0).uri()).isEqualTo("/data.txt");
        assertThat(server.seen.get(0).header("Host")).isEqualTo(SECURE_NAME + ":" + server.port());
        assertThat(lookups).containsExactly(SECURE_NAME);
    }

    /** A name pinned to an address whose certificate is for another name is refused by TLS. */
    @Test
    void httpsToANameTheCertificateDoesNotNameFails() throws Exception {
        LocalServer server = LocalServer.https(certificate.serverContext());
        servers.add(server);
        server.on("/", ex -> LocalServer.reply(ex, 200, "must not be read".getBytes(UTF_8)));
        dns.put("impostor.example.test", List.of(ip("127.0.0.1")));

        assertThatThrownBy(() -> gateway(certificate.clientContext(), "connect:*.example.test:*",
                "connect:127.0.0.1:" + server.port())
                .send(PluginHttpRequest.get("https://impostor.example.test:" + server.port() + "/")))
                .isInstanceOf(HttpRequestFailedException.class)
                .hasMessageStartingWith("GET https://impostor.example.test:" + server.port() + "/ failed: TLS: ")
                .hasMessageContaining("impostor.example.test");
        assertThat(server.seen).isEmpty();
    }

    @Test
    void anAnswerThatIsNotHttpFailsTheRequest() throws Exception {
        List<String> requestLines = new CopyOnWriteArrayList<>();
        int port = rawServer("SSH-2.0-OpenSSH_9.0\r\n", requestLines);

        assertThatThrownBy(() -> gateway(null, "connect:127.0.0.1:" + port)
                .send(PluginHttpRequest.get("http://127.0.0.1:" + port + "/v1/items?page=2")))
                .isInstanceOf(HttpRequestFailedException.class)
                .hasMessage("GET http://127.0.0.1:" + port + "/v1/items?... failed: the response does not start with"
                        + " an HTTP/1.x status line");
        assertThat(requestLines).containsExactly("GET /v1/items?page=2 HTTP/1.1");
    }

    /**
     * Two different lengths are how responses get split differently by two parties: HttpCore
     * refuses any second Content-Length.
     */
    @Test
    void conflictingContentLengthsFailTheRequest() throws Exception {
        int port = rawServer("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 30\r\n\r\nabc");

        assertThatThrownBy(() -> gateway(null, "connect:127.0.0.1:" + port)
                .send(PluginHttpRequest.get("http://127.0.0.1:" + port + "/")))
                .isInstanceOf(HttpRequestFailedException.class)
                .hasMessage("GET http://127.0.0.1:" + port + "/ failed: Multiple Content-Length headers");
    }

    @Test
    void aBodyCutShortFailsAndInterimResponsesAreSkipped() throws Exception {
        int shortPort = rawServer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        int interimPort = rawServer("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nX-Seen: yes\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: x\r\n\r\n");

        assertThatThrownBy(() -> gateway(null, "connect:127.0.0.1:" + shortPort)
                .send(PluginHttpRequest.get("http://127.0.0.1:" + shortPort + "/")))
                .isInstanceOf(HttpRequestFailedException.class)
                .hasMessage("GET http://127.0.0.1:" + shortPort + "/ failed: Premature end of Content-Length delimited"
                        + " message body (expected: 10; received: 3)");
        PluginHttpResponse response = gateway(null, "connect:127.0.0.1:" + interimPort)
                .send(PluginHttpRequest.get("http://127.0.0.1:" + interimPort + "/"));
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.headers()).containsEntry("x-seen", "yes");
        assertThat(response.body()).asString(UTF_8).isEqualTo("abcde");
    }

    /** One line too long, or many lines too long together: the head is cut at 64 KiB either way. */
    @Test
    void anEndlessHeadIsCut() throws Exception {
        int oneLine = rawServer("HTTP/1.1 200 OK\r\n" + "X-Pad: " + "p".repeat(StrictResponseParser.MAX_HEAD)
                + "\r\n\r\n");
        int manyLines = rawServer("HTTP/1.1 200 OK\r\n" + ("X-Pad: " + "p".repeat(1000) + "\r\n").repeat(200)
                + "\r\n");

        for (int port : new int[] {oneLine, manyLines}) {
            assertThatThrownBy(() -> gateway(null, "connect:127.0.0.1:" + port)
                    .send(PluginHttpRequest.get("http://127.0.0.1:" + port + "/")))
                    .isInstanceOf(HttpRequestFailedException.class)
                    .hasMessage("GET http://127.0.0.1:" + port + "/ failed: the response head is larger than 65536"
                            + " bytes");
        }
    }

    /**
     * A server on a raw socket that reads one request head, records its request line and answers
     * with {@code answer} verbatim, then closes.
     */
    private int rawServer(String answer) throws Exception {
        return rawServer(answer, new CopyOnWriteArrayList<>());
    }

    private int rawServer(String answer, List<String> requestLines) throws Exception {
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        servers.add(listener);
        Thread t = new Thread(() -> {
            try (Socket s = listener.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), ISO_8859_1));
                requestLines.add(in.readLine());
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    // the rest of the head
                }
                OutputStream out = s.getOutputStream();
                out.write(answer.getBytes(ISO_8859_1));
                out.flush();
            } catch (Exception e) {
                // the client went away
            }
        });
        t.setDaemon(true);
        t.start();
        return listener.getLocalPort();
    }
}
