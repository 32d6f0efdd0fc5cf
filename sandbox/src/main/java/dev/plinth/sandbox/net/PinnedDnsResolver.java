package dev.plinth.sandbox.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The only name resolution HttpClient gets for one exchange: the host that {@link NetworkPolicy}
 * checked maps to the one address that was checked, and every other name fails. Nothing reaches
 * DNS, so a name whose answer changes after the check (DNS rebinding) still connects to the
 * checked address, and a connection can never be opened to a host the policy did not see.
 */
final class PinnedDnsResolver implements DnsResolver {
    private final String host;
    private final int port;
    private final InetAddress address;

    /**
     * @param target the checked target
     * @param address the checked address to connect to, one of {@code target.addresses()}
     */
    PinnedDnsResolver(ConnectTarget target, InetAddress address) {
        if (!target.addresses().contains(address)) {
            throw new IllegalArgumentException(address + " is not an address the policy checked for " + target.host());
        }
        this.host = target.host();
        this.port = target.port();
        this.address = address;
    }

    @Override
    public InetAddress[] resolve(String name) throws UnknownHostException {
        requireChecked(name);
        return new InetAddress[] {address};
    }

    @Override
    public List<InetSocketAddress> resolve(String name, int port) throws UnknownHostException {
        requireChecked(name);
        if (port != this.port) {
            throw new UnknownHostException(name + ":" + port + ": not the port the network policy checked ("
                    + this.port + ")");
        }
        return List.of(new InetSocketAddress(address, port));
    }

    @Override
    public String resolveCanonicalHostname(String name) throws UnknownHostException {
        requireChecked(name);
        return name;
    }

    private void requireChecked(String name) throws UnknownHostException {
        String normalized;
        try {
            normalized = TargetHost.parse(name).name();
        } catch (IllegalArgumentException e) {
            normalized = null;
        }
        if (!host.equals(normalized)) {
            throw new UnknownHostException(name + ": not the host the network policy checked for this connection");
        }
    }
}
