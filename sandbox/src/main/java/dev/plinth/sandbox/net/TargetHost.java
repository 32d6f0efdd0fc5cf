package dev.plinth.sandbox.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A host as a connection names it, normalized for matching: names in lower case without a trailing
 * dot, IP literals also as canonical bytes (so {@code [0:0::1]} matches a rule for {@code [::1]}).
 *
 * @param name the host for matching names and for messages ({@code api.example.com}, {@code 10.0.0.1},
 *     {@code [::1]})
 * @param literal the canonical address bytes when the host is an IP literal, else {@code null}
 * @param lookup the name exactly as given (for a name), which is what the resolver is asked
 */
record TargetHost(String name, byte[] literal, String lookup) {
    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    /**
     * Reads a host as it appears in a URL or rule: a name, a dotted IPv4 address, or an IPv6
     * address with or without brackets. Nothing is resolved.
     *
     * @throws IllegalArgumentException when it is empty or a malformed IPv6 literal
     */
    static TargetHost parse(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.indexOf(':') >= 0) {
            int zone = h.indexOf('%');
            String bare = zone < 0 ? h : h.substring(0, zone);
            return new TargetHost("[" + h + "]", AddressKind.canonical(ipv6(host, bare)), null);
        }
        if (IPV4.matcher(h).matches()) {
            return new TargetHost(h, AddressKind.canonical(ipv4(h)), null);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.isEmpty()) {
            throw new IllegalArgumentException("empty host " + host);
        }
        return new TargetHost(h, null, host);
    }

    boolean isLiteral() {
        return literal != null;
    }

    /** Whether the host is an IPv6 literal (in brackets). */
    boolean isIpv6() {
        return name.startsWith("[");
    }

    /** The literal as an address (only for {@link #isLiteral literals}). */
    InetAddress address() {
        try {
            return InetAddress.getByAddress(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: 4 or 16 bytes
        }
    }

    /** How an address reads in a rule: {@code 10.0.0.1} or {@code [fe80:0:0:0:0:0:0:1]}. */
    static String ruleText(InetAddress address) {
        if (address instanceof Inet6Address) {
            String text = address.getHostAddress();
            int zone = text.indexOf('%');
            return "[" + (zone < 0 ? text : text.substring(0, zone)) + "]";
        }
        return address.getHostAddress();
    }

    private static InetAddress ipv6(String original, String text) {
        try {
            // In brackets the JDK parses the literal and never falls back to a DNS lookup.
            return InetAddress.getByName("[" + text + "]");
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("malformed IPv6 address " + original, e);
        }
    }

    private static InetAddress ipv4(String text) {
        String[] parts = text.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
