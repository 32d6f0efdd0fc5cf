package dev.plinth.host;

import dev.plinth.api.manifest.NetPermission;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.security.policy.SecurityPolicy;

/**
 * For tests of the network gateway itself: an operator policy that grants whatever connections a
 * manifest asks for (effective = asked), and response headers when asked, so that what is refused
 * is refused by the gateway's own rules: loopback and private addresses need a rule naming them,
 * redirects are re-checked.
 */
final class NetworkGrants {
    private NetworkGrants() {
    }

    static final SecurityPolicy ASKED_CONNECTIONS = SecurityPolicy.builder()
            .defaultGrant(PluginGrant.ASKED_HOST_FUNCTIONS.toBuilder()
                    .net(new NetPermission(NetPermission.Action.CONNECT, "*", NetPermission.ANY_PORT))
                    .httpResponseHeaders(true).build())
            .build();

    static PluginEngine.Builder hostBuilder() {
        return PluginEngine.builder().policy(ASKED_CONNECTIONS);
    }
}
