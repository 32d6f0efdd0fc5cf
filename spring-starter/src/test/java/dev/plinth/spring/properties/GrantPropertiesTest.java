package dev.plinth.spring.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.security.policy.ClockAccess;
import dev.plinth.security.policy.DataDirQuota;
import dev.plinth.security.policy.EnvironmentGrant;
import dev.plinth.security.policy.PluginGrant;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code plinth.grants.<plugin>.*} as Spring binds them from properties, turned into a grant. */
class GrantPropertiesTest {

    private static PluginGrant bind(Map<String, String> properties, String plugin) {
        PlinthProperties bound = new Binder(new MapConfigurationPropertySource(properties))
                .bind("plinth", Bindable.ofInstance(new PlinthProperties())).get();
        return bound.getGrants().get(plugin).toPluginGrant(plugin);
    }

    @Test
    void responseHeadersAreOffUnlessGranted() {
        assertThat(bind(Map.of("plinth.grants.fetcher.clock", "real"), "fetcher").httpResponseHeaders()).isFalse();
        PluginGrant granted = bind(Map.of("plinth.grants.fetcher.http-response-headers", "true",
                "plinth.grants.fetcher.net[0]", "connect:api.example.com:443"), "fetcher");
        assertThat(granted.httpResponseHeaders()).isTrue();
        assertThat(granted.clock()).isEqualTo(ClockAccess.FROZEN);
    }

    @Test
    void aBadRuleNamesItsProperty() {
        assertThatThrownBy(() -> bind(Map.of("plinth.grants.fetcher.net[0]", "connect:https://x.example:443"),
                "fetcher")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("plinth.grants.fetcher.net[0]: ");
    }

    @Test
    void aDataDirectoryAndVariablesAreGrantedByProperty() {
        PluginGrant granted = bind(Map.of("plinth.grants.keeper.data-dir", "32MB",
                "plinth.grants.keeper.data-dir-files", "200", "plinth.grants.keeper.env[0]", "LANG",
                "plinth.grants.keeper.env-values.TZ", "UTC"), "keeper");
        assertThat(granted.dataDir()).contains(new DataDirQuota(32L << 20, 200));
        assertThat(granted.env()).isEqualTo(new EnvironmentGrant(Map.of("TZ", "UTC"), Set.of("LANG")));
        assertThat(bind(Map.of("plinth.grants.keeper.clock", "real"), "keeper").dataDir()).isEmpty();
        assertThat(new Binder(new MapConfigurationPropertySource(Map.of("plinth.data-dir", "/var/lib/plinth")))
                .bind("plinth", Bindable.ofInstance(new PlinthProperties())).get().getDataDir())
                .isEqualTo(Path.of("/var/lib/plinth"));
    }

    @Test
    void aBadDataDirectoryOrVariableNamesItsProperty() {
        assertThatThrownBy(() -> bind(Map.of("plinth.grants.keeper.data-dir", "lots"), "keeper"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("plinth.grants.keeper.data-dir: ");
        assertThatThrownBy(() -> bind(Map.of("plinth.grants.keeper.env[0]", "A=B"), "keeper"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("plinth.grants.keeper.env: \"A=B\" is not an environment variable name");
    }
}
