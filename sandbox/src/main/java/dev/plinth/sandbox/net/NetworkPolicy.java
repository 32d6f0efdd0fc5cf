package dev.plinth.sandbox.net;

import dev.plinth.api.error.PermissionDeniedException;
import dev.plinth.api.manifest.NetPermission;
import dev.plinth.api.unit.TextCap;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Which outgoing connections a plugin may make: {@code connect} allow rules, and deny rules that
 * always win. A connection is checked twice: its host name and port against the rules, then every
 * address the name resolves to, because a granted name may point anywhere. Loopback, private,
 * link-local, unspecified, multicast and other {@linkplain AddressKind#isSpecial special}
 * addresses are refused unless an allow rule names that very address (and port), so
 * {@code connect:*:*} never reaches the host's own network and {@code localhost} is refused even
 * when its name is granted.
 *
 * <p>Immutable and thread-safe. {@code listen} rules play no part in connecting.
 */
public final class NetworkPolicy {
    private static final int MAX_LISTED_RULES = 8;
    private static final NetworkPolicy DENY_ALL = new NetworkPolicy(List.of(), List.of(), AddressResolver.SYSTEM);

    private final List<Rule> allow;
    private final List<Rule> deny;
    private final AddressResolver resolver;

    private NetworkPolicy(List<Rule> allow, List<Rule> deny, AddressResolver resolver) {
        this.allow = allow;
        this.deny = deny;
        this.resolver = resolver;
    }

    /** Allows no connection at all. */
    public static NetworkPolicy denyAll() {
        return DENY_ALL;
    }

    /**
     * A policy from effective rules, resolving names with {@link AddressResolver#SYSTEM}.
     *
     * @param allow the granted rules ({@code connect} ones count)
     * @param deny rules that win over any grant
     */
    public static NetworkPolicy of(Collection<NetPermission> allow, Collection<NetPermission> deny) {
        return new NetworkPolicy(connectRules(allow), connectRules(deny), AddressResolver.SYSTEM);
    }

    /** The same rules, resolving names with {@code resolver} (tests map names without DNS). */
    public NetworkPolicy withResolver(AddressResolver resolver) {
        return new NetworkPolicy(allow, deny, Objects.requireNonNull(resolver, "resolver"));
    }

    /** Whether no connection can pass (no {@code connect} rule is granted). */
    public boolean grantsNothing() {
        return allow.isEmpty();
    }

    /** The {@code connect} rules granted. */
    public List<NetPermission> allowRules() {
        return allow.stream().map(Rule::permission).toList();
    }

    /** The {@code connect} rules denied. */
    public List<NetPermission> denyRules() {
        return deny.stream().map(Rule::permission).toList();
    }

    /**
     * Checks a connection to {@code host}:{@code port}: deny rules, then a granting rule, then every
     * resolved address.
     *
     * @param host a name, a dotted IPv4 address or an IPv6 address (with or without brackets)
     * @return the allowed target with every address it resolved to
     * @throws PermissionDeniedException saying what was refused and why
     * @throws UnknownHostException when a granted name does not resolve
     * @throws IllegalArgumentException when the host is empty or malformed, or the port is not 1-65535
     */
    public ConnectTarget check(String host, int port) throws UnknownHostException {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        TargetHost target = TargetHost.parse(host);
        String what = "connect to " + shown(target) + ":" + port;
        for (Rule rule : deny) {
            if (rule.matches(target, port)) {
                throw refused(what, "denied by rule " + rule.permission());
            }
        }
        Rule grant = allow.stream().filter(r -> r.matches(target, port)).findFirst()
                .orElseThrow(() -> refused(what, allow.isEmpty() ? "the plugin has no network grant"
                        : "no rule grants it (granted: " + listed(allow) + ")"));
        List<InetAddress> addresses = target.isLiteral() ? List.of(target.address()) : resolve(target.lookup());
        if (addresses.isEmpty()) {
            throw refused(what, shown(target) + " resolved to no address");
        }
        for (InetAddress address : addresses) {
            checkAddress(what, target, address, port);
        }
        return new ConnectTarget(target.name(), port, addresses, grant.permission());
    }

    private List<InetAddress> resolve(String name) throws UnknownHostException {
        List<InetAddress> resolved = resolver.resolve(name);
        return resolved == null ? List.of() : resolved;
    }

    private void checkAddress(String what, TargetHost target, InetAddress address, int port) {
        byte[] canonical = AddressKind.canonical(address);
        String subject = target.isLiteral() ? shown(target)
                : shown(target) + " resolved to " + address.getHostAddress() + ", which";
        for (Rule rule : deny) {
            if (rule.pattern().namesAddress(canonical) && rule.portMatches(port)) {
                throw refused(what, subject + " is denied by rule " + rule.permission());
            }
        }
        AddressKind kind = AddressKind.of(address);
        if (!kind.isSpecial()) {
            return;
        }
        for (Rule rule : allow) {
            if (rule.pattern().namesAddress(canonical) && rule.portMatches(port)) {
                return;
            }
        }
        throw refused(what, subject + " is a " + kind.description() + " address; such an address is reachable only"
                + " when a rule names it explicitly, e.g. connect:" + TargetHost.ruleText(address) + ":" + port);
    }

    /** A host name as messages show it: cut at 256 characters, since a plugin chooses it. */
    private static String shown(TargetHost target) {
        return TextCap.chars(target.name(), 256);
    }

    private static PermissionDeniedException refused(String what, String why) {
        return new PermissionDeniedException(what + " is not allowed: " + why);
    }

    private static String listed(List<Rule> rules) {
        String shown = rules.stream().limit(MAX_LISTED_RULES).map(r -> r.permission().toString())
                .collect(Collectors.joining(", "));
        return rules.size() > MAX_LISTED_RULES ? shown + ", ... (" + rules.size() + " rules)" : shown;
    }

    private static List<Rule> connectRules(Collection<NetPermission> rules) {
        List<Rule> kept = new ArrayList<>();
        for (NetPermission rule : rules) {
            if (rule.action() == NetPermission.Action.CONNECT) {
                kept.add(new Rule(rule, HostPattern.of(rule.host())));
            }
        }
        return List.copyOf(kept);
    }

    @Override
    public String toString() {
        return "NetworkPolicy[allow=" + allowRules() + ", deny=" + denyRules() + "]";
    }

    /** One {@code connect} rule with its host pattern. */
    private record Rule(NetPermission permission, HostPattern pattern) {
        boolean matches(TargetHost host, int port) {
            return portMatches(port) && pattern.matches(host);
        }

        boolean portMatches(int port) {
            return permission.port() == NetPermission.ANY_PORT || permission.port() == port;
        }
    }
}
