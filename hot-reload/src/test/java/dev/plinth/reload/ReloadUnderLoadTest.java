package dev.plinth.reload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.CallRequest;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.deploy.PluginEventType;
import dev.plinth.api.host.HostFunction;
import dev.plinth.host.PluginEngine;
import dev.plinth.reload.testing.Await;
import dev.plinth.reload.testing.LoadRunner;
import dev.plinth.reload.testing.PluginFiles;
import dev.plinth.reload.testing.RecordingListener;
import dev.plinth.reload.testing.Registries;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Six threads call without pause while versions change under them: not one call fails, and every
 * output is the one its serving version produces (v1 upper-cases, v2 lower-cases with a prefix, v3
 * reverses with another), so no call ever mixes versions.
 */
class ReloadUnderLoadTest {
    private static final String PLUGIN = "text-transformer";
    private static final int THREADS = 6;
    private static final String INPUT = "Hello World";
    private static final Duration PHASE = Duration.ofMillis(400);
    private static final Map<String, String> OUTPUT_OF_VERSION = Map.of(
            "0.1.0", "HELLO WORLD",
            "0.2.0", "v2:hello world",
            "0.3.0", "v3:dlroW olleH");

    @TempDir
    Path plugins;

    private final RecordingListener events = new RecordingListener();

    private ReloadingRegistry registry(CanaryPolicy policy) {
        PluginEngine engine = PluginEngine.builder()
                .hostFunction(HostFunction.of("echo-host", b -> b))
                .limits(PluginLimits.DEFAULTS.withMaxInstances(THREADS).withAcquireTimeout(Duration.ofSeconds(10)))
                .build();
        ReloadingRegistry registry = ReloadingRegistry.builder(engine).pluginsDir(plugins)
                .debounce(Registries.DEBOUNCE).rescanInterval(Duration.ofMillis(500))
                .canaryPolicy(policy).listener(events).build();
        registry.start();
        return registry;
    }

    /** Thread t's calls: even ones keyed with one of its own 50 keys, odd ones keyless. */
    private static CallRequest request(int thread, long n) {
        CallRequest request = CallRequest.of(PLUGIN, "transform", INPUT.getBytes(UTF_8));
        return n % 2 == 0 ? request.withRoutingKey("t" + thread + "-user-" + (n / 2) % 50) : request;
    }

    /** Waits for {@code calls} calls served by {@code version}, and at least {@link #PHASE} so that each phase is long. */
    private static void awaitServed(LoadRunner load, String version, long calls) {
        long started = System.nanoTime();
        Await.until(calls + " calls served by " + version, Duration.ofSeconds(20),
                () -> load.count(OUTPUT_OF_VERSION.get(version), version) >= calls
                        && System.nanoTime() - started >= PHASE.toNanos());
    }

    private static void assertEveryOutputFromExactlyOneVersion(LoadRunner load, String... versions) {
        assertThat(load.failures()).as("failed calls").isEmpty();
        Map<String, Long> outputs = load.outputs();
        for (String outputAtVersion : outputs.keySet()) {
            String[] parts = outputAtVersion.split(" @ ");
            assertThat(OUTPUT_OF_VERSION.get(parts[1])).as("output of a call served by " + parts[1])
                    .isEqualTo(parts[0]);
        }
        for (String version : versions) {
            assertThat(outputs).containsKey(OUTPUT_OF_VERSION.get(version) + " @ " + version);
        }
        assertThat(outputs.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(load.calls());
    }

    @Test
    void reloadsUnderLoadFailNoCall() throws Exception {
        Path folder = PluginFiles.copy(PluginFiles.sample(PLUGIN), plugins.resolve(PLUGIN));
        try (ReloadingRegistry registry = registry(CanaryPolicy.immediate())) {
            LoadRunner load = new LoadRunner(registry, THREADS, ReloadUnderLoadTest::request);
            try (load) {
                awaitServed(load, "0.1.0", 2_000);
                PluginFiles.textTransformerVersion(folder, "0.2.0", "lower", "v2:");
                events.await(PluginEventType.PROMOTED, PLUGIN, 2);
                awaitServed(load, "0.2.0", 2_000);
                PluginFiles.textTransformerVersion(folder, "0.3.0", "reverse", "v3:");
                events.await(PluginEventType.PROMOTED, PLUGIN, 3);
                awaitServed(load, "0.3.0", 2_000);
            }
            assertEveryOutputFromExactlyOneVersion(load, "0.1.0", "0.2.0", "0.3.0");
            assertThat(events.of(PluginEventType.FAILED)).isEmpty();
        }
    }

    @Test
    void aCanaryRaisedStepByStepAndPromotedUnderLoadFailsNoCall() throws Exception {
        Path folder = PluginFiles.copy(PluginFiles.sample(PLUGIN), plugins.resolve(PLUGIN));
        CanaryPolicy policy = CanaryPolicy.canary(10).withMaxFailureRate(0.0).withMinCalls(1);
        try (ReloadingRegistry registry = registry(policy)) {
            LoadRunner load = new LoadRunner(registry, THREADS, ReloadUnderLoadTest::request);
            try (load) {
                awaitServed(load, "0.1.0", 2_000);
                PluginFiles.textTransformerVersion(folder, "0.2.0", "lower", "v2:");
                events.await(PluginEventType.CANARY_STARTED, PLUGIN);
                awaitServed(load, "0.2.0", 300);
                registry.setCanaryWeight(PLUGIN, 50);
                awaitServed(load, "0.2.0", 1_500);
                registry.setCanaryWeight(PLUGIN, 100);
                awaitServed(load, "0.2.0", 3_000);
                registry.promote(PLUGIN);
                long atPromotion = load.count(OUTPUT_OF_VERSION.get("0.2.0"), "0.2.0");
                awaitServed(load, "0.2.0", atPromotion + 2_000);
            }
            assertEveryOutputFromExactlyOneVersion(load, "0.1.0", "0.2.0");
            assertThat(events.of(PluginEventType.ROLLED_BACK)).as("a canary that never fails is not rolled back").isEmpty();
            assertThat(registry.canary(PLUGIN)).isEmpty();
            assertThat(registry.active(PLUGIN)).hasValueSatisfying(p -> assertThat(p.version()).isEqualTo("0.2.0"));
            // weights only grew, so a key that reached the canary never went back to the old version
            for (Map.Entry<String, List<String>> key : load.versionsByKey().entrySet()) {
                assertThat(key.getValue()).as(key.getKey()).isIn(List.of("0.1.0"), List.of("0.2.0"),
                        List.of("0.1.0", "0.2.0"));
            }
        }
    }
}
