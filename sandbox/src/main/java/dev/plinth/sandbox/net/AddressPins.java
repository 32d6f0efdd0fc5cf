package dev.plinth.sandbox.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pins plain-HTTP connections to the address the policy checked, so that a DNS answer that changes
 * between the check and the connection (DNS rebinding) cannot redirect it.
 *
 * <p>The JDK's HTTP client offers no per-request resolver, and it refuses a {@code Host} header
 * unless a JVM-wide system property allows it. It does ask a {@link ProxySelector} for every
 * request, and for an {@code http} URL behind an HTTP proxy it connects to the proxy's address and
 * sends the request in absolute form ({@code GET http://host/path}, {@code Host: host}), which
 * every origin server must accept (RFC 9112, section 3.2.2). So the pinned address is offered as
 * the "proxy": the connection goes to exactly the checked IP and nothing is resolved again.
 *
 * <p>{@code https} goes through a proxy only by a {@code CONNECT} tunnel, which an origin server
 * does not offer, so HTTPS is not pinned here (see {@link HttpGateway}). A request whose pin is
 * missing is sent to an unresolvable address and fails: never unpinned.
 */
final class AddressPins extends ProxySelector {
    private static final Proxy UNPINNED =
            new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("unpinned.plinth.invalid", 9));

    private final ConcurrentHashMap<String, Pin> pins = new ConcurrentHashMap<>();

    /** Pins {@code http://host:port} to {@code address} until the returned handle is closed. */
    Handle pin(String host, int port, InetSocketAddress address) {
        String key = key(host, port);
        pins.compute(key, (k, old) -> new Pin(address, old == null ? 1 : old.users + 1));
        return () -> pins.computeIfPresent(key, (k, old) -> old.users == 1 ? null : new Pin(old.address, old.users - 1));
    }

    @Override
    public List<Proxy> select(URI uri) {
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            return List.of(Proxy.NO_PROXY);
        }
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        Pin pin = uri.getHost() == null ? null : pins.get(key(uri.getHost(), port));
        return List.of(pin == null ? UNPINNED : new Proxy(Proxy.Type.HTTP, pin.address));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {
        // nothing to learn: there is no other address to try
    }

    private static String key(String host, int port) {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** Ends a pin. */
    interface Handle extends AutoCloseable {
        @Override
        void close();
    }

    /** Concurrent requests to one host:port share a pin; any of their checked addresses will do. */
    private record Pin(InetSocketAddress address, int users) {
    }
}
