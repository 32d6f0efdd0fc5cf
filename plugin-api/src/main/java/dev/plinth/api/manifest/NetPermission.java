package dev.plinth.api.manifest;

import java.util.Objects;

/**
 * A network rule such as {@code connect:api.example.com:443}, {@code connect:*.example.com:*} or
 * {@code listen:*}. The host is {@code *}, an IPv6 address in brackets, or a {@link HostGlob} (a name,
 * an IPv4 address, or a pattern such as {@code google.*}); a port of {@link #ANY_PORT} matches all.
 */
public record NetPermission(Action action, String host, int port) {
    /** The port value that stands for {@code *}. */
    public static final int ANY_PORT = -1;

    /** Connecting out, or listening for connections. */
    public enum Action { CONNECT, LISTEN }

    public NetPermission {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(host, "host");
        if (port != ANY_PORT && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    @Override
    public String toString() {
        String portText = port == ANY_PORT ? "*" : Integer.toString(port);
        String verb = action.name().toLowerCase(java.util.Locale.ROOT);
        return action == Action.LISTEN && "*".equals(host) && port == ANY_PORT
                ? verb + ":*"
                : verb + ":" + host + ":" + portText;
    }
}
