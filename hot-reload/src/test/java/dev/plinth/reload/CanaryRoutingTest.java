package dev.plinth.reload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.CallRequest;
import dev.plinth.reload.testing.PluginFiles;
import dev.plinth.reload.testing.RecordingListener;
import dev.plinth.reload.testing.Registries;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sticky canary routing: the share a weight takes, the same key always landing on the same
 * version, and two independent routers (as on two nodes) agreeing on every key.
 */
class CanaryRoutingTest {
    private static final String PLUGIN = "text-transformer";
    private static final int KEYS = 100_000;

    private static Routing routing(String active, String canary, int weight) {
        return new Routing(StubPlugin.deployment(active), StubPlugin.deployment(canary), weight);
    }

    @Test
    void weightTenRoutesTenPercentOfAHundredThousandKeysToTheCanary() {
        Routing routing = routing("1.0.0", "2.0.0", 10);
        int toCanary = 0;
        for (int i = 0; i < KEYS; i++) {
            if (routing.pick(PLUGIN, Optional.of("user-" + i)) == routing.canary()) {
                toCanary++;
            }
        }
        assertThat(toCanary).isBetween(9_000, 11_000);
    }

    @Test
    void theSameKeyAlwaysGetsTheSameVersion() {
        Routing routing = routing("1.0.0", "2.0.0", 30);
        for (int i = 0; i < 1_000; i++) {
            Optional<String> key = Optional.of("session-" + i);
            RoutedVersion first = routing.pick(PLUGIN, key);
            for (int again = 0; again < 20; again++) {
                assertThat(routing.pick(PLUGIN, key)).isSameAs(first);
            }
        }
    }

    @Test
    void twoIndependentRoutersAgreeOnEveryKey() {
        Routing nodeA = routing("1.0.0", "2.0.0", 10);
        Routing nodeB = routing("1.0.0", "2.0.0", 10);
        for (int i = 0; i < KEYS; i++) {
            Optional<String> key = Optional.of("user-" + i);
            assertThat(nodeB.pick(PLUGIN, key).id()).as(key.get()).isEqualTo(nodeA.pick(PLUGIN, key).id());
        }
    }

    @Test
    void callsWithoutAKeyAreSpreadByWeight() {
        Routing routing = routing("1.0.0", "2.0.0", 10);
        int toCanary = 0;
        for (int i = 0; i < KEYS; i++) {
            if (routing.pick(PLUGIN, Optional.empty()) == routing.canary()) {
                toCanary++;
            }
        }
        assertThat(toCanary).isBetween(9_000, 11_000);
    }

    @Test
    void weightsZeroAndHundredTakeNoneAndAll() {
        Routing none = routing("1.0.0", "2.0.0", 0);
        Routing all = routing("1.0.0", "2.0.0", 100);
        for (int i = 0; i < 1_000; i++) {
            Optional<String> key = i % 2 == 0 ? Optional.of("k" + i) : Optional.empty();
            assertThat(none.pick(PLUGIN, key)).isSameAs(none.active());
            assertThat(all.pick(PLUGIN, key)).isSameAs(all.canary());
        }
    }

    /** Two registries with their own folders, engines and canaries, as two nodes: real calls agree key by key. */
    @Test
    void twoRegistriesAsTwoNodesServeEveryKeyFromTheSameVersion(@TempDir Path nodeA, @TempDir Path nodeB) {
        try (ReloadingRegistry a = node(nodeA); ReloadingRegistry b = node(nodeB)) {
            int toCanary = 0;
            for (int i = 0; i < 2_000; i++) {
                CallRequest request = CallRequest.of(PLUGIN, "transform", "Key".getBytes(UTF_8)).withRoutingKey("u" + i);
                String onA = a.call(request).version();
                String onB = b.call(request).version();
                assertThat(onB).as("key u" + i).isEqualTo(onA);
                toCanary += onA.equals("0.2.0") ? 1 : 0;
            }
            assertThat(toCanary).as("canary share of 2,000 keys at weight 10").isBetween(120, 280);
        }
    }

    private static ReloadingRegistry node(Path folder) {
        Path dir = PluginFiles.copy(PluginFiles.sample(PLUGIN), folder.resolve(PLUGIN));
        ReloadingRegistry registry = Registries.watching(folder, new RecordingListener())
                .watch(false)
                .canaryPolicy(CanaryPolicy.canary(10))
                .build();
        registry.start();
        PluginFiles.textTransformerVersion(dir, "0.2.0", "lower", null);
        registry.reload(PLUGIN);
        assertThat(registry.canary(PLUGIN)).hasValueSatisfying(c -> assertThat(c.weight()).isEqualTo(10));
        return registry;
    }
}
