package dev.plinth.sandbox.net;

import dev.plinth.api.manifest.HostGlob;
import java.util.Arrays;

/**
 * The host part of a network rule: {@code *} (any host), an IP literal (which also matches a
 * resolved address equal to it), a plain name, or a {@link HostGlob} such as {@code *.example.com}
 * or {@code google.*} with Extism's {@code allowed_hosts} meaning. A glob matches names and dotted
 * IPv4 literals by their text, never an IPv6 literal, and never {@linkplain #namesAddress names an
 * address}: whatever a glob matches still goes through the policy's address checks.
 */
final class HostPattern {
    private final String text;
    private final HostGlob glob;
    private final TargetHost exact;

    private HostPattern(String text, HostGlob glob, TargetHost exact) {
        this.text = text;
        this.glob = glob;
        this.exact = exact;
    }

    /**
     * @throws IllegalArgumentException when {@code host} is neither an IP literal nor a valid glob
     */
    static HostPattern of(String host) {
        if (host.equals("*")) {
            return new HostPattern(host, null, null);
        }
        if (host.startsWith("[") && host.indexOf(':') >= 0) {
            return new HostPattern(host, null, TargetHost.parse(host));
        }
        HostGlob glob = HostGlob.parse(host);
        return glob.isLiteral() ? new HostPattern(host, null, TargetHost.parse(host))
                : new HostPattern(host, glob, null);
    }

    boolean isAny() {
        return glob == null && exact == null;
    }

    /** Whether the pattern matches the host as named by the connection (before resolving). */
    boolean matches(TargetHost host) {
        if (isAny()) {
            return true;
        }
        if (glob != null) {
            return !host.isIpv6() && glob.matches(host.name());
        }
        if (exact.isLiteral()) {
            return host.isLiteral() && Arrays.equals(exact.literal(), host.literal());
        }
        return !host.isLiteral() && exact.name().equals(host.name());
    }

    /** Whether the pattern names this address explicitly (an IP literal rule; {@code *} and globs do not). */
    boolean namesAddress(byte[] canonical) {
        return exact != null && exact.isLiteral() && Arrays.equals(exact.literal(), canonical);
    }

    @Override
    public String toString() {
        return text;
    }
}
