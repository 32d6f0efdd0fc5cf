package dev.plinth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.error.InvalidManifestException;
import dev.plinth.api.error.InvalidPolicyException;
import dev.plinth.api.event.EventsPermission;
import dev.plinth.security.policy.EventsGrant;
import dev.plinth.security.policy.GrantDifference;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code events} in manifests and policy files, and the events in effect. */
class EventsReaderTest {
    private static final PluginAsks PLUGIN = new PluginAsks("crier");

    @Test
    void aManifestAsksForTypesToEmitAndReceive() {
        assertThat(PLUGIN.parse("events = { emit = [\"order.*\", \"order.*\"], subscribe ="
                + " [\"price.changed\"] }\n").permissions().events())
                .contains(new EventsPermission(List.of("order.*"), List.of("price.changed")));
        assertThat(PLUGIN.parse("").permissions().events()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "events = true|plugin.toml: permissions.events: expected a table",
        "events = { emit = [\"a b\"] }|plugin.toml: permissions.events.emit[0]: \"a b\" is not an event type",
        "events = { emit = [\"*x\"] }|plugin.toml: permissions.events.emit[0]:",
        "events = { publish = [\"x\"] }|plugin.toml: permissions.events.publish:",
    })
    void badAsksNameTheKey(String line, String message) {
        assertThatThrownBy(() -> PLUGIN.parse(line + "\n"))
                .isInstanceOf(InvalidManifestException.class).hasMessageStartingWith(message);
    }

    @Test
    void aPolicyGrantsPatternsAndBounds() {
        assertThat(PLUGIN.policy("events = { emit = [\"*\"], max-emits-per-call = 5,"
                + " max-payload-size = \"1KB\" }\n").grantFor("crier").events())
                .contains(new EventsGrant(List.of("*"), List.of(), 5, 1024));
        assertThatThrownBy(() -> PLUGIN.policy("events = { max-emits-per-call = 0 }\n"))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageStartingWith("policy.toml: plugins.crier.events.max-emits-per-call: must be between 1");
    }

    @Test
    void theEventsInEffectAreTheAskedPatternsTheGrantCovers() {
        var g = PLUGIN.effective("events = { emit = [\"order.created\", \"admin.*\"], subscribe = [\"price.*\"] }\n",
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
        assertThat(PLUGIN.effective("events = { emit = [\"x\"] }\n", "memory = \"64MB\"\n").events()).isEmpty();
        assertThat(g.describe()).contains("events:", "emit order.created; receive price.*");
    }
}
