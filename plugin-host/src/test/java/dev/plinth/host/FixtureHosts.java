package dev.plinth.host;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.host.HostFunction;
import dev.plinth.security.policy.GrantLimits;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.security.policy.SecurityPolicy;

/**
 * Hosts set up the way the ABI fixtures expect: with the {@code echo-host} function offered and
 * granted to {@code abi-fixtures}, and ceilings high enough that the host's limits apply as set.
 */
final class FixtureHosts {
    private FixtureHosts() {
    }

    static final HostFunction ECHO_HOST = HostFunction.of("echo-host", bytes -> bytes);

    static final SecurityPolicy ECHO_HOST_GRANTED = SecurityPolicy.builder().ceilings(GrantLimits.MAXIMA)
            .grant("abi-fixtures", PluginGrant.builder().hostFunction("echo-host").build())
            .build();

    static PluginEngine.Builder builder() {
        return PluginEngine.builder().hostFunction(ECHO_HOST).policy(ECHO_HOST_GRANTED);
    }

    static PluginHost host(EngineMode mode, PluginLimits limits) {
        return PluginHost.on(builder().engine(mode).limits(limits).build());
    }
}
