package dev.plinth.spring.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.security.policy.ClockAccess;
import dev.plinth.security.policy.PluginGrant;
import java.util.Map;
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
}
