package dev.plinth.sandbox.net;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * What kind of network an IP address belongs to. Everything but {@link #PUBLIC} reaches the host
 * itself or the network it sits in, so a plugin may connect there only when a rule names the
 * address explicitly. IPv6 forms that carry an IPv4 address (mapped {@code ::ffff:a.b.c.d},
 * compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are judged by
 * the IPv4 address inside, so {@code ::ffff:127.0.0.1} is loopback too.
 */
public enum AddressKind {
    PUBLIC("public"),
    LOOPBACK("loopback"),
    PRIVATE("private (site-local)"),
    LINK_LOCAL("link-local"),
    UNSPECIFIED("unspecified"),
    MULTICAST("multicast"),
    /** 100.64.0.0/10, carrier-grade NAT: not the public internet. */
    SHARED("shared (carrier-grade NAT)"),
    /** 198.18.0.0/15 and 240.0.0.0/4 including the broadcast address. */
    RESERVED("reserved");

    private final String description;

    AddressKind(String description) {
        this.description = description;
    }

    /** In words, for refusal messages: "loopback", "private (site-local)". */
    public String description() {
        return description;
    }

    /** Whether a rule must name the address before a plugin may connect to it. */
    public boolean isSpecial() {
        return this != PUBLIC;
    }

    /** The kind of {@code address}. */
    public static AddressKind of(InetAddress address) {
        return of(address.getAddress());
    }

    /** The kind of a raw 4- or 16-byte address. */
    static AddressKind of(byte[] a) {
        if (a.length == 4) {
            return ipv4(a[0] & 0xFF, a[1] & 0xFF);
        }
        if (a.length != 16) {
            throw new IllegalArgumentException("not an IP address: " + a.length + " bytes");
        }
        if (isZero(a, 0, 16)) {
            return UNSPECIFIED;
        }
        if (isZero(a, 0, 15) && a[15] == 1) {
            return LOOPBACK;
        }
        byte[] embedded = embeddedIpv4(a);
        if (embedded != null) {
            return ipv4(embedded[0] & 0xFF, embedded[1] & 0xFF);
        }
        int b0 = a[0] & 0xFF;
        int b1 = a[1] & 0xFF;
        if (b0 == 0xFF) {
            return MULTICAST;
        }
        if ((b0 & 0xFE) == 0xFC) {
            return PRIVATE; // fc00::/7 unique local
        }
        if (b0 == 0xFE && (b1 & 0xC0) == 0x80) {
            return LINK_LOCAL; // fe80::/10
        }
        if (b0 == 0xFE && (b1 & 0xC0) == 0xC0) {
            return PRIVATE; // fec0::/10 deprecated site-local
        }
        return PUBLIC;
    }

    private static AddressKind ipv4(int b0, int b1) {
        if (b0 == 0) {
            return UNSPECIFIED; // 0.0.0.0/8 "this network"
        }
        if (b0 == 127) {
            return LOOPBACK;
        }
        if (b0 == 10 || (b0 == 172 && (b1 & 0xF0) == 16) || (b0 == 192 && b1 == 168)) {
            return PRIVATE;
        }
        if (b0 == 169 && b1 == 254) {
            return LINK_LOCAL;
        }
        if (b0 == 100 && (b1 & 0xC0) == 64) {
            return SHARED;
        }
        if ((b0 & 0xF0) == 224) {
            return MULTICAST;
        }
        if ((b0 & 0xF0) == 240 || (b0 == 198 && (b1 & 0xFE) == 18)) {
            return RESERVED;
        }
        return PUBLIC;
    }

    /**
     * The IPv4 address that an IPv6 address carries, or {@code null}: mapped ({@code ::ffff:0:0/96}),
     * compatible ({@code ::/96}; {@code ::} and {@code ::1} are judged before), NAT64 ({@code 64:ff9b::/96}) and
     * 6to4 ({@code 2002::/16}).
     */
    static byte[] embeddedIpv4(byte[] a) {
        if (a.length != 16) {
            return null;
        }
        if (isZero(a, 0, 10) && (a[10] & 0xFF) == 0xFF && (a[11] & 0xFF) == 0xFF) {
            return Arrays.copyOfRange(a, 12, 16);
        }
        if (isZero(a, 0, 12)) { // callers have ruled out :: and ::1
            return Arrays.copyOfRange(a, 12, 16);
        }
        if (a[0] == 0 && a[1] == 0x64 && (a[2] & 0xFF) == 0xFF && (a[3] & 0xFF) == 0x9B && isZero(a, 4, 12)) {
            return Arrays.copyOfRange(a, 12, 16);
        }
        if (a[0] == 0x20 && a[1] == 0x02) {
            return Arrays.copyOfRange(a, 2, 6);
        }
        return null;
    }

    /**
     * The bytes by which two addresses are compared: an IPv4-mapped IPv6 address is the IPv4
     * address it maps (they are one endpoint); every other address is its own bytes.
     */
    static byte[] canonical(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length == 16 && isZero(a, 0, 10) && (a[10] & 0xFF) == 0xFF && (a[11] & 0xFF) == 0xFF) {
            return Arrays.copyOfRange(a, 12, 16);
        }
        return a;
    }

    private static boolean isZero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
