package dev.plinth.host.services;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.event.EmittedEvent;
import dev.plinth.api.kv.KvQuota;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.security.policy.EventsGrant;
import dev.plinth.security.policy.GrantDifference;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.testing.TestPlugins;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hostile Rust plugin {@code sample-plugins/hostile/hoarder}, built with plinth-sdk's
 * {@code host-services} feature: it asks for a store of 100,000 keys and 1GB and floods it, and
 * floods events, through {@code plinth_sdk::kv} and {@code plinth_sdk::events}. The grant caps
 * both; the SDK hands the plugin the host's code and message; each flood is audited; the host
 * and another plugin serve on.
 */
class HoarderPluginTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    PluginHost host;
    final LinkedBlockingQueue<EmittedEvent> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        PluginGrant grant = PluginGrant.builder().kv(new KvQuota(50, 64, 1024, 1 << 20))
                .events(new EventsGrant(List.of("hoard.*"), List.of(), 10, 1024)).build();
        host = PluginHost.on(PluginEngine.builder().grant("hoarder", grant).eventListener(events::add).build());
        assertThat(host.load(TestPlugins.hostile("hoarder")).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(host.load(TestPlugins.sample("text-transformer")).status()).isEqualTo(PluginStatus.ACTIVE);
    }

    @AfterEach
    void close() {
        host.close();
    }

    private JsonNode call(String export, String input) {
        return JSON.readTree(host.call("hoarder", export, input.getBytes(UTF_8)));
    }

    @Test
    void theGrantCapsTheAskAndTheSdkReportsTheRefusal() {
        assertThat(host.loaded("hoarder").orElseThrow().grants().notGranted("kv")).singleElement()
                .satisfies(d -> assertThat(d.reason()).isEqualTo(GrantDifference.Reason.CAPPED));
        JsonNode r = call("hoard", "a");
        assertThat(r.get("count").asInt()).isEqualTo(50);
        assertThat(r.get("code").asInt()).isEqualTo(-3);
        assertThat(r.get("message").asString()).isEqualTo("plinth:host/kv: a new key \"a:50\" would be key number"
                + " 51, more than max-keys, 50");
        assertThat(r.get("listed").asInt()).isEqualTo(50);
        assertThat(r.get("first").asInt()).isEqualTo(100);
        assertThat(host.auditLog().recent("hoarder", 100)).anySatisfy(e -> assertThat(e.resource())
                .isEqualTo("plinth:host/kv max-keys"));
        assertThat(host.call("text-transformer", "transform", "still".getBytes(UTF_8))).asString(UTF_8)
                .isEqualTo("STILL");
    }

    @Test
    void anEventFloodStopsAtTheBoundOfACall() throws InterruptedException {
        JsonNode r = call("shout", "x");
        assertThat(r.get("count").asInt()).isEqualTo(10);
        assertThat(r.get("code").asInt()).isEqualTo(-3);
        assertThat(r.get("message").asString()).contains("max-emits-per-call");
        for (int i = 0; i < 10; i++) {
            EmittedEvent e = events.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(e).isNotNull();
            assertThat(e.type()).isEqualTo("hoard.x");
        }
        assertThat(host.auditLog().recent("hoarder", 100)).anySatisfy(e -> assertThat(e.resource())
                .isEqualTo("plinth:host/events max-emits-per-call"));
        assertThat(host.call("text-transformer", "transform", "still".getBytes(UTF_8))).asString(UTF_8)
                .isEqualTo("STILL");
    }
}
