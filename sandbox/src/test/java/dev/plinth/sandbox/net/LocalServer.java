package dev.plinth.sandbox.net;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/** A JDK HTTP server on 127.0.0.1 and a port of its own, recording every request it gets. */
final class LocalServer implements AutoCloseable {
    /** What the server saw of one request. */
    record Seen(String method, String uri, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : String.join(",", values);
        }
    }

    /** Handles one exchange; may throw. */
    interface Handler {
        void handle(HttpExchange exchange) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    final List<Seen> seen = new CopyOnWriteArrayList<>();

    LocalServer() {
        this(plain());
    }

    private LocalServer(HttpServer server) {
        this.server = server;
        server.setExecutor(executor);
        server.start();
    }

    /** An HTTPS server with the key and certificate of {@code tls}. */
    static LocalServer https(SSLContext tls) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            return new LocalServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpServer plain() {
        try {
            return HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    LocalServer on(String path, Handler handler) {
        server.createContext(path, exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                        Map.copyOf(exchange.getRequestHeaders()), body));
                handler.handle(exchange);
            } catch (IOException e) {
                // the client went away (aborted body, timeout): nothing to answer
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return this;
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    static void redirect(HttpExchange exchange, int status, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(status, -1);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
