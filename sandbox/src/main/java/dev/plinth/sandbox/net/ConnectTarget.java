package dev.plinth.sandbox.net;

import dev.plinth.api.manifest.NetPermission;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * A connection that {@link NetworkPolicy#check} allowed: the host and port asked for, every address
 * the host resolved to (each one checked), and the rule that granted it.
 *
 * @param host the host as matched ({@code api.example.com}, {@code 127.0.0.1}, {@code [::1]})
 * @param port the port
 * @param addresses the checked addresses, in the resolver's order; never empty
 * @param grantedBy the allow rule that matched the host and port
 */
public record ConnectTarget(String host, int port, List<InetAddress> addresses, NetPermission grantedBy) {
    public ConnectTarget {
        Objects.requireNonNull(host, "host");
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(grantedBy, "grantedBy");
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a checked target has at least one address");
        }
    }
}
