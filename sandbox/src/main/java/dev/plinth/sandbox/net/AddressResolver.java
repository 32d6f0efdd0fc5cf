package dev.plinth.sandbox.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into the addresses a connection could reach. {@link NetworkPolicy} checks every
 * one of them; tests inject a resolver that maps names to addresses without DNS.
 */
@FunctionalInterface
public interface AddressResolver {
    /**
     * The JDK's resolver, {@link InetAddress#getAllByName}. Its answer is the only one: the
     * gateway connects to a checked address and never resolves the name again.
     */
    AddressResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /**
     * Every address {@code host} resolves to.
     *
     * @param host a host name as the connection gives it (case and a trailing dot kept), never an IP
     *     literal (the policy reads those itself)
     * @throws UnknownHostException when the name does not resolve
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
