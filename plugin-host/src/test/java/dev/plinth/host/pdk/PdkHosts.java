package dev.plinth.host.pdk;

import dev.plinth.api.manifest.NetPermission;
import dev.plinth.host.PluginEngine;
import dev.plinth.security.policy.ClockAccess;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.security.policy.SecurityPolicy;
import dev.plinth.testing.TestPlugins;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The PDK plugins as the tests load them: built by {@code scripts/build-pdk-plugins.sh}, copied
 * into a test's folder when the test adds to their manifest.
 */
final class PdkHosts {
    private PdkHosts() {
    }

    /**
     * An operator policy that grants the connections a manifest asks for (the gateway's own rules
     * still apply: 127.0.0.1 only where a rule names it).
     */
    static final SecurityPolicy ASKED_CONNECTIONS = SecurityPolicy.builder()
            .defaultGrant(connections().build())
            .build();

    /** The same, with the host's real clocks: Go's runtime needs a monotonic clock that moves. */
    static final SecurityPolicy ASKED_CONNECTIONS_REAL_CLOCK = SecurityPolicy.builder()
            .defaultGrant(connections().clock(ClockAccess.REAL).build())
            .build();

    private static PluginGrant.Builder connections() {
        return PluginGrant.ASKED_HOST_FUNCTIONS.toBuilder()
                .net(new NetPermission(NetPermission.Action.CONNECT, "*", NetPermission.ANY_PORT));
    }

    static PluginEngine.Builder hostBuilder() {
        return PluginEngine.builder().policy(ASKED_CONNECTIONS);
    }

    /** The built plugin {@code name}, as {@code scripts/build-pdk-plugins.sh} laid it out. */
    static Path built(String name) {
        return TestPlugins.pdkPlugin(name);
    }

    /**
     * A copy of the built plugin {@code name} in {@code folder} whose manifest asks to connect to
     * 127.0.0.1 on {@code port}.
     */
    static Path askingToConnect(String name, Path folder, int port) {
        Path copy = TestPlugins.copy(built(name), folder, name);
        try {
            Files.writeString(copy.resolve("plugin.toml"), Files.readString(copy.resolve("plugin.toml"))
                    + "\n[permissions]\nnet = [\"connect:127.0.0.1:" + port + "\"]\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }
}
