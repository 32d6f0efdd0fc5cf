package dev.plinth.host;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.host.HostFunction;

/** Hosts set up the way the ABI fixtures expect: with the {@code echo-host} function offered. */
final class FixtureHosts {
    private FixtureHosts() {
    }

    static final HostFunction ECHO_HOST = HostFunction.of("echo-host", bytes -> bytes);

    static PluginHost.Builder builder() {
        return PluginHost.builder().hostFunction(ECHO_HOST);
    }

    static PluginHost host(EngineMode mode, PluginLimits limits) {
        return builder().engine(mode).limits(limits).build();
    }
}
