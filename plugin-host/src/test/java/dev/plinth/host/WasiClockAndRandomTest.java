package dev.plinth.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginStatus;
import dev.plinth.security.policy.ClockAccess;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.security.policy.RandomSource;
import dev.plinth.testing.TestPlugins;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A WASI plugin's clocks and random bytes are what the policy grants: frozen and seeded unless
 * granted, the host's own when granted. Each probe runs in a fresh host, so each is a fresh instance.
 */
class WasiClockAndRandomTest {
    private static final JsonMapper JSON = JsonMapper.shared();

    private static JsonNode probe(UnaryOperator<PluginEngine.Builder> setup) {
        try (PluginHost host = PluginHost.on(setup.apply(PluginEngine.builder()).build())) {
            assertThat(host.load(TestPlugins.fixture("wasi-fixture")).status()).isEqualTo(PluginStatus.ACTIVE);
            return JSON.readTree(host.call("wasi-fixture", "wasi_probe", new byte[0]));
        }
    }

    @Test
    void withoutAGrantClocksReadZeroAndRandomBytesRepeat() {
        JsonNode first = probe(b -> b);
        JsonNode second = probe(b -> b);
        assertThat(first.get("unix_time").asLong()).isZero();
        assertThat(first.get("elapsed_nanos").asLong()).as("the monotonic clock does not move").isZero();
        assertThat(first.get("random_hash").asString()).isEqualTo(second.get("random_hash").asString());
        assertThat(first.get("home").isNull()).as("no inherited environment").isTrue();
    }

    @Test
    void grantedClocksAndRandomBytesAreTheHosts() {
        PluginGrant grant = PluginGrant.builder().clock(ClockAccess.REAL).random(RandomSource.SECURE).build();
        long before = Instant.now().getEpochSecond();
        JsonNode first = probe(b -> b.grant("wasi-fixture", grant));
        JsonNode second = probe(b -> b.grant("wasi-fixture", grant));
        long after = Instant.now().getEpochSecond();
        assertThat(first.get("unix_time").asLong()).isBetween(before, after);
        assertThat(first.get("elapsed_nanos").asLong()).isPositive();
        assertThat(first.get("random_hash").asString()).isNotEqualTo(second.get("random_hash").asString());
    }

    @Test
    void theClockAndRandomGrantsAreVisible() {
        try (PluginHost host = PluginHost.on(PluginEngine.builder()
                .grant("wasi-fixture", PluginGrant.builder().clock(ClockAccess.REAL).build()).build())) {
            host.load(TestPlugins.fixture("wasi-fixture"));
            PluginVersion loaded = host.loaded("wasi-fixture").orElseThrow();
            assertThat(loaded.grants().clock()).isEqualTo(ClockAccess.REAL);
            assertThat(loaded.grants().random()).isEqualTo(RandomSource.SEEDED);
            assertThat(loaded.grants().describe()).containsPattern("clock: +real\\n").containsPattern("random: +seeded\\n");
        }
    }
}
