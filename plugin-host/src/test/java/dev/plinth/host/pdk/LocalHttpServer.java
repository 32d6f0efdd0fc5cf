package dev.plinth.host.pdk;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on 127.0.0.1 for the PDK plugins' requests: it answers
 * {@code "pong <method> <path>"} with status 200, or 201 for {@code /created}, and remembers
 * each request as {@code "<method> <path> X-Pdk=<header>"}.
 */
final class LocalHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    LocalHttpServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                seen.add(exchange.getRequestMethod() + " " + path + " X-Pdk="
                        + exchange.getRequestHeaders().getFirst("X-Pdk"));
                byte[] reply = ("pong " + exchange.getRequestMethod() + " " + path).getBytes(UTF_8);
                exchange.getResponseHeaders().add("X-Served-By", "plinth-test");
                exchange.sendResponseHeaders(path.equals("/created") ? 201 : 200, reply.length);
                exchange.getResponseBody().write(reply);
            }
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    List<String> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
