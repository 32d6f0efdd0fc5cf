package dev.plinth.sandbox.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.error.PermissionDeniedException;
import dev.plinth.api.manifest.NetPermission;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkPolicyTest {
    /** Names resolve only through this map: no DNS in these tests. */
    private final Map<String, List<InetAddress>> dns = new HashMap<>();
    private final List<String> lookups = new ArrayList<>();

    private NetworkPolicy policy(List<String> allow, List<String> deny) {
        return NetworkPolicy.of(allow.stream().map(NetworkPolicyTest::rule).toList(),
                deny.stream().map(NetworkPolicyTest::rule).toList())
                .withResolver(host -> {
                    lookups.add(host);
                    List<InetAddress> found = dns.get(host);
                    if (found == null) {
                        throw new UnknownHostException(host);
                    }
                    return found;
                });
    }

    private NetworkPolicy allow(String... rules) {
        return policy(List.of(rules), List.of());
    }

    private void resolves(String name, String... addresses) {
        dns.put(name, Arrays.stream(addresses).map(NetworkPolicyTest::ip).toList());
    }

    @Test
    void exactHostAndPortAreGranted() throws Exception {
        resolves("api.example.com", "93.184.216.34");
        NetworkPolicy policy = allow("connect:api.example.com:443");

        ConnectTarget target = policy.check("api.example.com", 443);

        assertThat(target.host()).isEqualTo("api.example.com");
        assertThat(target.port()).isEqualTo(443);
        assertThat(target.addresses()).containsExactly(ip("93.184.216.34"));
        assertThat(target.grantedBy()).hasToString("connect:api.example.com:443");
    }

    /** Rules match the normalized name; the resolver is asked the name as the URL gives it. */
    @Test
    void rulesMatchTheNormalizedNameButTheResolverSeesTheNameAsGiven() throws Exception {
        resolves("API.Example.COM.", "93.184.216.34");
        NetworkPolicy policy = allow("connect:api.example.com:443");

        assertThat(policy.check("API.Example.COM.", 443).host()).isEqualTo("api.example.com");
        assertThat(lookups).containsExactly("API.Example.COM.");
    }

    @Test
    void otherPortsAndHostsAreRefusedBeforeAnythingIsResolved() {
        resolves("api.example.com", "93.184.216.34");
        NetworkPolicy policy = allow("connect:api.example.com:443");

        assertThatThrownBy(() -> policy.check("api.example.com", 80))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessage("connect to api.example.com:80 is not allowed: no rule grants it (granted:"
                        + " connect:api.example.com:443)");
        assertThatThrownBy(() -> policy.check("evil.example.org", 443))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("evil.example.org:443").hasMessageContaining("no rule grants it");
        assertThat(lookups).isEmpty();
    }

    @Test
    void wildcardsMatchSubdomainsAndAnyPort() throws Exception {
        resolves("a.example.com", "93.184.216.34");
        resolves("b.c.example.com", "93.184.216.35");
        resolves("example.com", "93.184.216.36");
        resolves("notexample.com", "93.184.216.37");
        NetworkPolicy policy = allow("connect:*.example.com:*");

        assertThat(policy.check("a.example.com", 443).grantedBy()).hasToString("connect:*.example.com:*");
        assertThat(policy.check("b.c.example.com", 8443).addresses()).containsExactly(ip("93.184.216.35"));
        assertThatThrownBy(() -> policy.check("example.com", 443)).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> policy.check("notexample.com", 443)).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> policy.check("93.184.216.34", 443)).isInstanceOf(PermissionDeniedException.class);
    }

    /**
     * Extism's globs: {@code *} crosses dots (the glob crate's default, as Extism's runtime uses
     * it), so {@code google.*} also grants {@code google.com.evil.net}; Plinth matches no more and
     * no less than Extism here.
     */
    @Test
    void extismGlobsMatchAsInExtism() throws Exception {
        resolves("google.com", "142.250.1.1");
        resolves("GOOGLE.co.uk.", "142.250.1.2");
        resolves("google.com.evil.net", "203.0.113.9");
        resolves("jsonplaceholder.typicode.com", "104.21.1.1");
        NetworkPolicy policy = allow("connect:google.*:443", "connect:jsonplaceholder.*.com:*");

        assertThat(policy.check("google.com", 443).grantedBy()).hasToString("connect:google.*:443");
        assertThat(policy.check("GOOGLE.co.uk.", 443).host()).isEqualTo("google.co.uk");
        assertThat(policy.check("google.com.evil.net", 443).addresses()).containsExactly(ip("203.0.113.9"));
        assertThat(policy.check("jsonplaceholder.typicode.com", 80).grantedBy())
                .hasToString("connect:jsonplaceholder.*.com:*");
        assertThatThrownBy(() -> policy.check("notgoogle.com", 443)).hasMessageContaining("no rule grants it");
        assertThatThrownBy(() -> policy.check("google.com", 80)).hasMessageContaining("no rule grants it");
        assertThatThrownBy(() -> policy.check("[::1]", 443)).hasMessageContaining("no rule grants it");
    }

    /** A glob that matches a name never vouches for the address it resolves to. */
    @Test
    void aGlobMatchStillGoesThroughTheAddressChecks() {
        resolves("db.internal.example.com", "10.1.2.3");
        resolves("meta.example.com", "169.254.169.254");
        resolves("rebind.example.com", "93.184.216.34", "127.0.0.1");
        NetworkPolicy policy = allow("connect:*.example.com:*", "connect:127.0.0.*:*", "connect:10.*:*",
                "connect:169.254.169.*:80");

        assertThatThrownBy(() -> policy.check("db.internal.example.com", 5432))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("resolved to 10.1.2.3, which is a private (site-local) address");
        assertThatThrownBy(() -> policy.check("meta.example.com", 80))
                .hasMessageContaining("resolved to 169.254.169.254, which is a link-local address");
        assertThatThrownBy(() -> policy.check("rebind.example.com", 80))
                .hasMessageContaining("resolved to 127.0.0.1, which is a loopback address");
        assertThatThrownBy(() -> policy.check("127.0.0.1", 8080))
                .hasMessageContaining("127.0.0.1 is a loopback address")
                .hasMessageContaining("e.g. connect:127.0.0.1:8080");
        assertThatThrownBy(() -> policy.check("10.0.0.5", 80)).hasMessageContaining("private (site-local)");
        assertThatThrownBy(() -> policy.check("169.254.169.254", 80)).hasMessageContaining("link-local");
    }

    @Test
    void globDenyRulesWin() throws Exception {
        resolves("api.example.com", "93.184.216.34");
        resolves("api.evil.example.com", "93.184.216.35");
        NetworkPolicy policy = policy(List.of("connect:*:*"), List.of("connect:*.evil.*:*", "connect:api-?.example.com:*"));

        assertThat(policy.check("api.example.com", 443).host()).isEqualTo("api.example.com");
        assertThatThrownBy(() -> policy.check("api.evil.example.com", 443))
                .hasMessageContaining("denied by rule connect:*.evil.*:*");
        assertThatThrownBy(() -> policy.check("api-7.example.com", 443))
                .hasMessageContaining("denied by rule connect:api-?.example.com:*");
    }

    @Test
    void anyHostRuleStillKeepsPrivateAddressesOut() throws Exception {
        resolves("public.test", "93.184.216.34");
        resolves("internal.test", "10.1.2.3");
        NetworkPolicy policy = allow("connect:*:*");

        assertThat(policy.check("public.test", 80).addresses()).containsExactly(ip("93.184.216.34"));
        assertThat(policy.check("8.8.8.8", 53).addresses()).containsExactly(ip("8.8.8.8"));
        assertThatThrownBy(() -> policy.check("internal.test", 80))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessage("connect to internal.test:80 is not allowed: internal.test resolved to 10.1.2.3, which is a"
                        + " private (site-local) address; such an address is reachable only when a rule names it"
                        + " explicitly, e.g. connect:10.1.2.3:80");
        assertThatThrownBy(() -> policy.check("127.0.0.1", 80))
                .hasMessageContaining("127.0.0.1 is a loopback address");
    }

    @Test
    void denyWinsOverEveryGrant() throws Exception {
        resolves("api.example.com", "93.184.216.34");
        resolves("blocked.example.com", "93.184.216.35");
        NetworkPolicy policy = policy(List.of("connect:*.example.com:*", "connect:api.example.com:443"),
                List.of("connect:api.example.com:443", "connect:*.example.com:22"));

        assertThatThrownBy(() -> policy.check("api.example.com", 443))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessage("connect to api.example.com:443 is not allowed: denied by rule connect:api.example.com:443");
        assertThatThrownBy(() -> policy.check("blocked.example.com", 22))
                .hasMessageContaining("denied by rule connect:*.example.com:22");
        assertThat(policy.check("blocked.example.com", 443).host()).isEqualTo("blocked.example.com");
        assertThat(policy.check("api.example.com", 80).host()).isEqualTo("api.example.com");
    }

    @Test
    void denyRuleNamingAnAddressAlsoCatchesNamesThatResolveToIt() {
        resolves("mirror.example.com", "93.184.216.34");
        NetworkPolicy policy = policy(List.of("connect:*.example.com:443"), List.of("connect:93.184.216.34:*"));

        assertThatThrownBy(() -> policy.check("mirror.example.com", 443))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessage("connect to mirror.example.com:443 is not allowed: mirror.example.com resolved to"
                        + " 93.184.216.34, which is denied by rule connect:93.184.216.34:*");
    }

    @Test
    void denyRuleBeatsAnExplicitAddressGrant() {
        NetworkPolicy policy = policy(List.of("connect:127.0.0.1:8080"), List.of("connect:127.0.0.1:*"));

        assertThatThrownBy(() -> policy.check("127.0.0.1", 8080))
                .hasMessageContaining("denied by rule connect:127.0.0.1:*");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "127.0.0.1", "127.255.0.9", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
        "0.0.0.0", "224.0.0.1", "239.255.255.250", "100.64.0.1", "255.255.255.255", "[::1]", "[::]", "[fc00::1]",
        "[fd12:3456::1]", "[fe80::1]", "[fec0::1]", "[ff02::1]", "[::ffff:127.0.0.1]", "[::ffff:10.0.0.1]",
        "[::ffff:169.254.169.254]", "[::127.0.0.1]", "[64:ff9b::a00:1]", "[2002:7f00:1::]", "[0:0:0:0:0:0:0:1]"})
    void specialAddressesAreRefusedEvenUnderAnAnyHostRule(String address) {
        NetworkPolicy policy = allow("connect:*:*");

        assertThatThrownBy(() -> policy.check(address, 80))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("address; such an address is reachable only when a rule names it explicitly");
    }

    @ParameterizedTest
    @ValueSource(strings = {"172.15.255.255", "172.32.0.1", "100.128.0.1", "11.0.0.1", "[2001:4860:4860::8888]",
        "[::ffff:8.8.8.8]", "[64:ff9b::808:808]"})
    void neighboursOfThePrivateRangesArePublic(String address) throws Exception {
        assertThat(allow("connect:*:*").check(address, 443).addresses()).hasSize(1);
    }

    @Test
    void aNameThatResolvesToLoopbackIsRefusedEvenWhenTheNameIsGranted() {
        resolves("localhost", "127.0.0.1", "::1");
        resolves("rebind.example.com", "127.0.0.1");
        NetworkPolicy policy = allow("connect:localhost:8080", "connect:*.example.com:*");

        assertThatThrownBy(() -> policy.check("localhost", 8080))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessage("connect to localhost:8080 is not allowed: localhost resolved to 127.0.0.1, which is a"
                        + " loopback address; such an address is reachable only when a rule names it explicitly,"
                        + " e.g. connect:127.0.0.1:8080");
        assertThatThrownBy(() -> policy.check("rebind.example.com", 443))
                .hasMessageContaining("rebind.example.com resolved to 127.0.0.1, which is a loopback address");
    }

    @Test
    void everyResolvedAddressIsChecked() {
        resolves("mixed.example.com", "93.184.216.34", "192.168.0.10");
        NetworkPolicy policy = allow("connect:mixed.example.com:443");

        assertThatThrownBy(() -> policy.check("mixed.example.com", 443))
                .hasMessageContaining("resolved to 192.168.0.10, which is a private (site-local) address");
    }

    @Test
    void ipv4MappedIpv6AddressesFromTheResolverAreJudgedByTheirIpv4Address() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        mapped[12] = 127;
        mapped[15] = 1;
        // Inet6Address keeps the mapped form (InetAddress.getByAddress would turn it into IPv4).
        dns.put("sneaky.example.com", List.of(Inet6Address.getByAddress("sneaky.example.com", mapped, -1)));
        NetworkPolicy policy = allow("connect:*.example.com:*");

        assertThatThrownBy(() -> policy.check("sneaky.example.com", 80))
                .hasMessageContaining("which is a loopback address");
        assertThat(allow("connect:*.example.com:*", "connect:127.0.0.1:80").check("sneaky.example.com", 80)
                .addresses()).hasSize(1);
    }

    @Test
    void anExplicitAddressRuleGrantsExactlyThatAddressAndPort() throws Exception {
        NetworkPolicy policy = allow("connect:127.0.0.1:8080");

        ConnectTarget target = policy.check("127.0.0.1", 8080);

        assertThat(target.addresses()).containsExactly(ip("127.0.0.1"));
        assertThat(target.grantedBy()).hasToString("connect:127.0.0.1:8080");
        assertThatThrownBy(() -> policy.check("127.0.0.1", 8081)).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> policy.check("127.0.0.2", 8080)).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> policy.check("localhost", 8080)).isInstanceOf(PermissionDeniedException.class);
        assertThat(lookups).isEmpty();
    }

    @Test
    void anAddressRuleAlsoAdmitsAGrantedNameThatResolvesToThatAddress() throws Exception {
        resolves("localhost", "127.0.0.1");
        NetworkPolicy policy = allow("connect:localhost:8080", "connect:127.0.0.1:8080");

        assertThat(policy.check("localhost", 8080).grantedBy()).hasToString("connect:localhost:8080");
        assertThat(allow("connect:127.0.0.1:*").check("127.0.0.1", 9).port()).isEqualTo(9);
    }

    @Test
    void ipv6RulesMatchAnySpellingOfTheAddress() throws Exception {
        NetworkPolicy policy = allow("connect:[::1]:8080", "connect:[fd00::1]:*");

        assertThat(policy.check("[0:0:0:0:0:0:0:1]", 8080).addresses()).hasSize(1);
        assertThat(policy.check("::1", 8080).host()).isEqualTo("[::1]");
        assertThat(policy.check("[FD00:0::1]", 443).addresses()).hasSize(1);
        assertThatThrownBy(() -> policy.check("[::1]", 8081)).isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> policy.check("127.0.0.1", 8080)).isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void theSuggestedRuleForAnIpv6AddressUsesBrackets() {
        resolves("v6.example.com", "fe80::1");

        assertThatThrownBy(() -> allow("connect:v6.example.com:443").check("v6.example.com", 443))
                .hasMessageContaining("which is a link-local address")
                .hasMessageContaining("e.g. connect:[fe80:0:0:0:0:0:0:1]:443");
    }

    @Test
    void denyAllGrantsNothingAndSaysSo() {
        assertThat(NetworkPolicy.denyAll().grantsNothing()).isTrue();
        assertThatThrownBy(() -> NetworkPolicy.denyAll().check("api.example.com", 443))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessage("connect to api.example.com:443 is not allowed: the plugin has no network grant");
    }

    @Test
    void listenRulesDoNotGrantConnections() {
        NetworkPolicy policy = NetworkPolicy.of(List.of(rule("listen:*")), List.of(rule("listen:*")));

        assertThat(policy.grantsNothing()).isTrue();
        assertThat(policy.denyRules()).isEmpty();
    }

    @Test
    void aNameThatDoesNotResolveIsNotARefusal() {
        NetworkPolicy policy = allow("connect:*.example.com:443");

        assertThatThrownBy(() -> policy.check("missing.example.com", 443)).isInstanceOf(UnknownHostException.class);
        dns.put("empty.example.com", List.of());
        assertThatThrownBy(() -> policy.check("empty.example.com", 443))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("resolved to no address");
    }

    @Test
    void badPortsAndHostsAreArgumentErrors() {
        NetworkPolicy policy = allow("connect:*:*");

        assertThatThrownBy(() -> policy.check("a.example.com", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.check("a.example.com", 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.check("", 80)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.check("[::g]", 80)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void printsItsRules() {
        assertThat(policy(List.of("connect:api.example.com:443"), List.of("connect:127.0.0.1:*")))
                .hasToString("NetworkPolicy[allow=[connect:api.example.com:443], deny=[connect:127.0.0.1:*]]");
    }

    static NetPermission rule(String text) {
        String rest = text.substring(text.indexOf(':') + 1);
        NetPermission.Action action = text.startsWith("listen") ? NetPermission.Action.LISTEN
                : NetPermission.Action.CONNECT;
        if (rest.equals("*")) {
            return new NetPermission(action, "*", NetPermission.ANY_PORT);
        }
        int colon = rest.lastIndexOf(':');
        String port = rest.substring(colon + 1);
        return new NetPermission(action, rest.substring(0, colon).toLowerCase(java.util.Locale.ROOT),
                port.equals("*") ? NetPermission.ANY_PORT : Integer.parseInt(port));
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal.contains(":") ? "[" + literal + "]" : literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
