package dev.plinth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.error.InvalidManifestException;
import dev.plinth.api.error.InvalidPolicyException;
import dev.plinth.api.event.EventsPermission;
import dev.plinth.security.policy.EventsGrant;
import dev.plinth.security.policy.GrantDifference;
import dev.plinth.security.policy.Grants;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code events} in manifests and policy files, and the events in effect. */
class EventsReaderTest {
    private static final String MANIFEST = """
            [plugin]
            name = "crier"
            version = "1.0.0"
            [permissions]
            """;

    private static dev.plinth.security.policy.EffectiveGrants effective(String asks, String grants) {
        return Grants.effective(ManifestReader.parse(MANIFEST + asks, "plugin.toml"),
                PolicyReader.parse("[plugins.crier]\n" + grants, "policy.toml"));
    }

    @Test
    void aManifestAsksForTypesToEmitAndReceive() {
        assertThat(ManifestReader.parse(MANIFEST + "events = { emit = [\"order.*\", \"order.*\"], subscribe ="
                + " [\"price.changed\"] }\n", "plugin.toml").permissions().events())
                .contains(new EventsPermission(List.of("order.*"), List.of("price.changed")));
        assertThat(ManifestReader.parse(MANIFEST, "plugin.toml").permissions().events()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "events = true|plugin.toml: permissions.events: expected a table",
        "events = { emit = [\"a b\"] }|plugin.toml: permissions.events.emit[0]: \"a b\" is not an event type",
        "events = { emit = [\"*x\"] }|plugin.toml: permissions.events.emit[0]:",
        "events = { publish = [\"x\"] }|plugin.toml: permissions.events.publish:",
    })
    void badAsksNameTheKey(String line, String message) {
        assertThatThrownBy(() -> ManifestReader.parse(MANIFEST + line + "\n", "plugin.toml"))
                .isInstanceOf(InvalidManifestException.class).hasMessageStartingWith(message);
    }

    @Test
    void aPolicyGrantsPatternsAndBounds() {
        assertThat(PolicyReader.parse("[plugins.crier]\nevents = { emit = [\"*\"], max-emits-per-call = 5,"
                + " max-payload-size = \"1KB\" }\n", "policy.toml").grantFor("crier").events())
                .contains(new EventsGrant(List.of("*"), List.of(), 5, 1024));
        assertThatThrownBy(() -> PolicyReader.parse("[plugins.crier]\nevents = { max-emits-per-call = 0 }\n",
                "policy.toml")).isInstanceOf(InvalidPolicyException.class)
                .hasMessageStartingWith("policy.toml: plugins.crier.events.max-emits-per-call: must be between 1");
    }

    @Test
    void theEventsInEffectAreTheAskedPatternsTheGrantCovers() {
        var g = effective("events = { emit = [\"order.created\", \"admin.*\"], subscribe = [\"price.*\"] }\n",
                "events = { emit = [\"order.*\"], subscribe = [\"*\"] }\n");
        assertThat(g.events()).hasValueSatisfying(e -> {
            assertThat(e.emit()).containsExactly("order.created");
            assertThat(e.subscribe()).containsExactly("price.*");
            assertThat(e.mayEmit("order.created")).isTrue();
            assertThat(e.mayEmit("admin.x")).isFalse();
            assertThat(e.receives("price.changed")).isTrue();
        });
        assertThat(g.notGranted("events")).singleElement().satisfies(d -> {
            assertThat(d.asked()).isEqualTo("emit admin.*");
            assertThat(d.reason()).isEqualTo(GrantDifference.Reason.NOT_GRANTED);
        });
        assertThat(effective("events = { emit = [\"x\"] }\n", "memory = \"64MB\"\n").events()).isEmpty();
        assertThat(g.describe()).contains("events:", "emit order.created; receive price.*");
    }
}
