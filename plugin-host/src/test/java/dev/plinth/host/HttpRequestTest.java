package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.PayloadTooLargeException;
import dev.plinth.api.error.PermissionDeniedException;
import dev.plinth.api.error.PluginTimeoutException;
import dev.plinth.api.error.PluginTrapException;
import dev.plinth.sandbox.net.HttpLimits;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.security.policy.SecurityPolicy;
import dev.plinth.testing.ExtismWat;
import dev.plinth.testing.Wat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code http_request}, {@code http_status_code} and {@code http_headers} end to end: a WAT guest
 * that uses them as Extism's PDKs do, a real HTTP server on 127.0.0.1, and the plugin's manifest
 * as its grants.
 */
class HttpRequestTest {
    /**
     * Exports, each taking the request JSON as input: {@code fetch} (output: the body),
     * {@code post} (sends "ping from wasm" as the body; output: the body), {@code status} (output:
     * the status code as 8 little-endian bytes; before that, the status before any request must
     * be 0 or it returns 1), {@code headers} (output: the http_headers block), {@code headers_offset}
     * (output: what http_headers returned, as 8 bytes), {@code headers_before} (output: the
     * http_headers block without any request) and {@code owned} (output: length of the request
     * block after the call, 8 bytes: 0 once the host freed it).
     */
    static final String FETCHER = """
            (module
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "length" (func $length (param i64) (result i64)))
              (import "extism:host/env" "input_length" (func $input_length (result i64)))
              (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
              (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
              (import "extism:host/env" "http_request" (func $http (param i64 i64) (result i64)))
              (import "extism:host/env" "http_status_code" (func $status (result i32)))
              (import "extism:host/env" "http_headers" (func $headers (result i64)))
              (memory (export "memory") 1)
              (data (i32.const 16) "ping from wasm")

            """ + ExtismWat.INPUT_BLOCK + ExtismWat.memoryBlock("$memory_block") + """

              (func $output_block (param $block i64)
                (call $output_set (local.get $block) (call $length (local.get $block))))

              (func $output_u64 (param $value i64)
                (local $block i64)
                (local.set $block (call $alloc (i64.const 8)))
                (call $store_u64 (local.get $block) (local.get $value))
                (call $output_set (local.get $block) (i64.const 8)))

              (func (export "fetch") (result i32)
                (call $output_block (call $http (call $input_block) (i64.const 0)))
                (i32.const 0))

              (func (export "post") (result i32)
                (call $output_block (call $http (call $input_block)
                                                (call $memory_block (i32.const 16) (i32.const 14))))
                (i32.const 0))

              (func (export "status") (result i32)
                (if (i32.ne (call $status) (i32.const 0)) (then (return (i32.const 1))))
                (drop (call $http (call $input_block) (i64.const 0)))
                (call $output_u64 (i64.extend_i32_u (call $status)))
                (i32.const 0))

              (func (export "headers") (result i32)
                (drop (call $http (call $input_block) (i64.const 0)))
                (call $output_block (call $headers))
                (i32.const 0))

              (func (export "headers_offset") (result i32)
                (drop (call $http (call $input_block) (i64.const 0)))
                (call $output_u64 (call $headers))
                (i32.const 0))

              (func (export "headers_before") (result i32)
                (call $output_block (call $headers))
                (i32.const 0))

              (func (export "owned") (result i32)
                (local $request i64)
                (local.set $request (call $input_block))
                (drop (call $http (local.get $request) (i64.const 0)))
                (call $output_u64 (call $length (local.get $request)))
                (i32.const 0)))
            """;

    @TempDir
    Path plugins;

    private HttpServer server;
    private ExecutorService executor;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        executor = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                        + new String(body, UTF_8) + " " + exchange.getRequestHeaders().getFirst("X-Plugin"));
                String path = exchange.getRequestURI().getPath();
                if (path.equals("/slow")) {
                    Thread.sleep(5000);
                }
                byte[] reply = switch (path) {
                    case "/empty" -> new byte[0];
                    case "/big" -> new byte[4096];
                    default -> ("hello " + exchange.getRequestMethod() + " " + new String(body, UTF_8)).getBytes(UTF_8);
                };
                exchange.getResponseHeaders().add("Content-Type", "text/plain");
                exchange.getResponseHeaders().add("X-Served-By", "test");
                exchange.sendResponseHeaders(path.equals("/created") ? 201 : 200, reply.length == 0 ? -1 : reply.length);
                exchange.getResponseBody().write(reply);
            } catch (InterruptedException | IOException e) {
                // stopped or the client went away
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        executor.shutdownNow();
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    private void plugin(String net, String extra) throws IOException {
        Path dir = Files.createDirectories(plugins.resolve("fetcher"));
        Files.write(dir.resolve("fetcher.wasm"), Wat.assemble(FETCHER));
        Files.writeString(dir.resolve("plugin.toml"), """
                [plugin]
                name = "fetcher"
                version = "1.0.0"
                entrypoint = "fetcher.wasm"

                [permissions]
                net = [%s]
                %s
                """.formatted(net, extra));
    }

    private void granted() throws IOException {
        plugin("\"connect:127.0.0.1:" + port() + "\"", "http-response-headers = true");
    }

    private static byte[] request(String method, String url) {
        return ("{\"url\": \"" + url + "\", \"method\": \"" + method + "\", \"headers\": {\"X-Plugin\": \"fetcher\"}}")
                .getBytes(UTF_8);
    }

    private static long u64(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aGrantedRequestReturnsBodyStatusAndHeadersThroughTheAbi(EngineMode mode) throws Exception {
        granted();
        try (PluginHost host = PluginHost.on(NetworkGrants.hostBuilder().engine(mode).build())) {
            assertThat(host.loadAll(plugins)).extracting(i -> i.status()).containsExactly(PluginStatus.ACTIVE);

            assertThat(host.call("fetcher", "fetch", request("GET", url("/hello")))).asString(UTF_8)
                    .isEqualTo("hello GET ");
            assertThat(host.call("fetcher", "post", request("post", url("/echo")))).asString(UTF_8)
                    .isEqualTo("hello POST ping from wasm");
            assertThat(u64(host.call("fetcher", "status", request("GET", url("/created"))))).isEqualTo(201);
            assertThat(host.call("fetcher", "headers", request("GET", url("/hello")))).asString(UTF_8)
                    .startsWith("{\"content-length\":\"10\",\"content-type\":\"text/plain\",")
                    .contains("\"x-served-by\":\"test\"");
            assertThat(host.call("fetcher", "fetch", request("GET", url("/empty")))).isEmpty();
            assertThat(u64(host.call("fetcher", "owned", request("GET", url("/hello"))))).isZero();
        }
        assertThat(seen).containsExactly("GET /hello  fetcher", "POST /echo ping from wasm fetcher",
                "GET /created  fetcher", "GET /hello  fetcher", "GET /empty  fetcher", "GET /hello  fetcher");
    }

    /**
     * As in Extism, {@code http_headers} returns 0 unless the host enabled response headers for the
     * plugin: here the manifest must ask ({@code http-response-headers = true}) and the policy grant.
     */
    @Test
    void responseHeadersNeedTheGrantAsInExtism() throws Exception {
        plugin("\"connect:127.0.0.1:" + port() + "\"", "");
        try (PluginHost host = PluginHost.on(NetworkGrants.hostBuilder().build())) {
            host.loadAll(plugins);
            assertThat(host.loaded("fetcher").orElseThrow().grants().httpResponseHeaders()).isFalse();
            assertThat(u64(host.call("fetcher", "headers_offset", request("GET", url("/hello"))))).isZero();
            assertThat(host.call("fetcher", "headers_before", new byte[0])).isEmpty();
            assertThat(host.call("fetcher", "fetch", request("GET", url("/hello")))).asString(UTF_8)
                    .isEqualTo("hello GET ");
        }

        plugin("\"connect:127.0.0.1:" + port() + "\"", "http-response-headers = true");
        SecurityPolicy withoutHeaders = SecurityPolicy.builder().defaultGrant(PluginGrant.builder()
                .net(dev.plinth.api.manifest.PermissionRules.net("connect:127.0.0.1:" + port())).build()).build();
        try (PluginHost host = PluginHost.on(PluginEngine.builder().policy(withoutHeaders).build())) {
            host.loadAll(plugins);
            PluginVersion loaded = host.loaded("fetcher").orElseThrow();
            assertThat(loaded.grants().httpResponseHeaders()).isFalse();
            assertThat(loaded.grants().notGranted("http-response-headers")).singleElement()
                    .satisfies(d -> assertThat(d.detail()).contains("http_headers returns 0"));
            assertThat(u64(host.call("fetcher", "headers_offset", request("GET", url("/hello"))))).isZero();
        }

        try (PluginHost host = PluginHost.on(NetworkGrants.hostBuilder().build())) {
            host.loadAll(plugins);
            assertThat(host.loaded("fetcher").orElseThrow().grants().httpResponseHeaders()).isTrue();
            assertThat(host.call("fetcher", "headers_before", new byte[0])).asString(UTF_8).isEqualTo("{}");
            assertThat(u64(host.call("fetcher", "headers_offset", request("GET", url("/hello"))))).isNotZero();
        }
    }

    @Test
    void methodAndHeadersMayBeLeftOutAsInExtism() throws Exception {
        granted();
        try (PluginHost host = PluginHost.on(NetworkGrants.hostBuilder().build())) {
            host.loadAll(plugins);

            assertThat(host.call("fetcher", "fetch", ("{\"url\":\"" + url("/plain") + "\"}").getBytes(UTF_8)))
                    .asString(UTF_8).isEqualTo("hello GET ");
            assertThat(host.call("fetcher", "fetch", ("{\"url\":\"" + url("/plain") + "\",\"method\":null,"
                    + "\"headers\":null}").getBytes(UTF_8))).asString(UTF_8).isEqualTo("hello GET ");
        }
    }

    @Test
    void anUngrantedHostIsPermissionDeniedAndTheHostKeepsServing() throws Exception {
        granted();
        try (PluginHost host = PluginHost.on(NetworkGrants.hostBuilder().limits(PluginLimits.DEFAULTS.withMaxInstances(1)).build())) {
            host.loadAll(plugins);

            assertThatThrownBy(() -> host.call("fetcher", "fetch", request("GET", "http://api.example.com/data?k=s")))
                    .isInstanceOf(PermissionDeniedException.class)
                    .hasMessage("plugin fetcher (fetch) called http_request: GET http://api.example.com/data?..."
                            + " refused: connect to api.example.com:80 is not allowed: no rule grants it (granted:"
                            + " connect:127.0.0.1:" + port() + ")")
                    .satisfies(e -> assertThat(((PermissionDeniedException) e).code().code())
                            .isEqualTo("permission-denied"));

            assertThat(host.call("fetcher", "fetch", request("GET", url("/after")))).asString(UTF_8)
                    .isEqualTo("hello GET ");
        }
        assertThat(seen).containsExactly("GET /after  fetcher");
    }

    @Test
    void loopbackWithoutAnExplicitAddressGrantIsPermissionDenied() throws Exception {
        plugin("\"connect:*:*\"", "");
        try (PluginHost host = PluginHost.on(NetworkGrants.hostBuilder().build())) {
            host.loadAll(plugins);

            assertThatThrownBy(() -> host.call("fetcher", "fetch", request("GET", url("/secret"))))
                    .isInstanceOf(PermissionDeniedException.class)
                    .hasMessageContaining("127.0.0.1 is a loopback address")
                    .hasMessageContaining("e.g. connect:127.0.0.1:" + port());
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void aNameThatResolvesToLoopbackIsPermissionDenied() throws Exception {
        plugin("\"connect:localhost:" + port() + "\"", "");
        try (PluginHost host = PluginHost.on(NetworkGrants.hostBuilder().build())) {
            host.loadAll(plugins);

            assertThatThrownBy(() -> host.call("fetcher", "fetch",
                    request("GET", "http://localhost:" + port() + "/secret")))
                    .isInstanceOf(PermissionDeniedException.class)
                    .hasMessageContaining("localhost resolved to")
                    .hasMessageContaining("which is a loopback address");
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void aDenyRuleInTheManifestWins() throws Exception {
        plugin("\"connect:127.0.0.1:" + port() + "\"", "[permissions.deny]\nnet = [\"connect:127.0.0.1:*\"]");
        try (PluginHost host = PluginHost.on(NetworkGrants.hostBuilder().build())) {
            host.loadAll(plugins);

            // the deny rule takes the ask out of the effective grants, and says so
            assertThat(host.loaded("fetcher").orElseThrow().grants().notGranted("net"))
                    .anySatisfy(d -> assertThat(d.toString()).contains("connect:127.0.0.1:*"));
            assertThatThrownBy(() -> host.call("fetcher", "fetch", request("GET", url("/x"))))
                    .isInstanceOf(PermissionDeniedException.class)
                    .hasMessageContaining("127.0.0.1:" + port() + " is not allowed");
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void withoutAnyNetworkGrantEveryRequestIsRefused() throws Exception {
        plugin("", "");
        try (PluginHost host = PluginHost.on(NetworkGrants.hostBuilder().build())) {
            host.loadAll(plugins);

            assertThatThrownBy(() -> host.call("fetcher", "fetch", request("GET", url("/x"))))
                    .isInstanceOf(PermissionDeniedException.class)
                    .hasMessageEndingWith("is not allowed: the plugin has no network grant");
            assertThatThrownBy(() -> host.call("fetcher", "fetch", "not json".getBytes(UTF_8)))
                    .isInstanceOf(PermissionDeniedException.class)
                    .hasMessage("plugin fetcher (fetch) called http_request, but it has no network grant");
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void aResponseOverTheCapIsTooLarge() throws Exception {
        granted();
        try (PluginHost host = PluginHost.on(NetworkGrants.hostBuilder().http(HttpLimits.DEFAULTS.withMaxResponseBytes(1024)).build())) {
            host.loadAll(plugins);

            assertThatThrownBy(() -> host.call("fetcher", "fetch", request("GET", url("/big"))))
                    .isInstanceOf(PayloadTooLargeException.class)
                    .hasMessageContaining("larger than the limit of 1024 bytes (max-http-response-bytes)");
        }
    }

    @Test
    void aSlowServerHitsTheHttpTimeout() throws Exception {
        granted();
        try (PluginHost host = PluginHost.on(NetworkGrants.hostBuilder().http(HttpLimits.DEFAULTS.withTimeout(
                java.time.Duration.ofMillis(300))).build())) {
            host.loadAll(plugins);

            assertThatThrownBy(() -> host.call("fetcher", "fetch", request("GET", url("/slow"))))
                    .isInstanceOf(PluginTimeoutException.class)
                    .hasMessageContaining("did not complete within 300 ms");
        }
    }

    @Test
    void theCallDeadlineStopsARequestThatWouldOutliveIt() throws Exception {
        plugin("\"connect:127.0.0.1:" + port() + "\"", "cpu-time = \"300ms\"");
        long started = System.nanoTime();
        try (PluginHost host = PluginHost.on(NetworkGrants.hostBuilder().build())) {
            host.loadAll(plugins);

            assertThatThrownBy(() -> host.call("fetcher", "fetch", request("GET", url("/slow"))))
                    .isInstanceOf(PluginTimeoutException.class)
                    .hasMessageContaining("ran past its deadline of 300 ms");
        }
        assertThat(System.nanoTime() - started).isLessThan(3_000_000_000L);
    }

    @Test
    void malformedRequestsAndUnreachableServersTrap() throws Exception {
        granted();
        try (PluginHost host = PluginHost.on(NetworkGrants.hostBuilder().build())) {
            host.loadAll(plugins);

            assertThatThrownBy(() -> host.call("fetcher", "fetch", "{\"url\": 3}".getBytes(UTF_8)))
                    .isInstanceOf(PluginTrapException.class)
                    .hasMessageContaining("extism:host/env http_request: the request needs \"url\" as a string");
            assertThatThrownBy(() -> host.call("fetcher", "fetch",
                    ("{\"url\": \"" + url("/") + "\", \"body\": \"x\"}").getBytes(UTF_8)))
                    .isInstanceOf(PluginTrapException.class)
                    .hasMessageContaining("unknown field \"body\"");
            server.stop(0);
            assertThatThrownBy(() -> host.call("fetcher", "fetch", request("GET", url("/gone"))))
                    .isInstanceOf(PluginTrapException.class)
                    .hasMessageContaining("extism:host/env http_request: GET " + url("/gone")
                            + " failed: connection refused");
        }
    }
}
