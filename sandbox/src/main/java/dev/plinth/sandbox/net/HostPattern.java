package dev.plinth.sandbox.net;

import java.util.Arrays;

/**
 * The host part of a network rule: {@code *} (any host), {@code *.example.com} (any name below
 * example.com, not example.com itself), a name, or an IP literal (which also matches a resolved
 * address equal to it).
 */
final class HostPattern {
    private final String text;
    private final String suffix;
    private final TargetHost exact;

    private HostPattern(String text, String suffix, TargetHost exact) {
        this.text = text;
        this.suffix = suffix;
        this.exact = exact;
    }

    static HostPattern of(String host) {
        if (host.equals("*")) {
            return new HostPattern(host, null, null);
        }
        if (host.startsWith("*.")) {
            return new HostPattern(host, host.substring(1).toLowerCase(java.util.Locale.ROOT), null);
        }
        return new HostPattern(host, null, TargetHost.parse(host));
    }

    boolean isAny() {
        return suffix == null && exact == null;
    }

    /** Whether the pattern matches the host as named by the connection (before resolving). */
    boolean matches(TargetHost host) {
        if (isAny()) {
            return true;
        }
        if (suffix != null) {
            return !host.isLiteral() && host.name().endsWith(suffix) && host.name().length() > suffix.length();
        }
        if (exact.isLiteral()) {
            return host.isLiteral() && Arrays.equals(exact.literal(), host.literal());
        }
        return !host.isLiteral() && exact.name().equals(host.name());
    }

    /** Whether the pattern names this address explicitly (an IP literal rule; {@code *} does not). */
    boolean namesAddress(byte[] canonical) {
        return exact != null && exact.isLiteral() && Arrays.equals(exact.literal(), canonical);
    }

    @Override
    public String toString() {
        return text;
    }
}
