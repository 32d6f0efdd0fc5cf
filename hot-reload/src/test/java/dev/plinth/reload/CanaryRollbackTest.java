package dev.plinth.reload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.CallRequest;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.deploy.PluginEvent;
import dev.plinth.api.deploy.PluginEventType;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.host.HostFunction;
import dev.plinth.host.PluginEngine;
import dev.plinth.reload.testing.Await;
import dev.plinth.reload.testing.GateModule;
import dev.plinth.reload.testing.RecordingListener;
import dev.plinth.security.policy.PluginGrant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Automatic rollback on real wasm: the gate plugin's v2 fails the calls whose first input byte is
 * low, so the inputs set its failure share. Calls carry fixed routing keys and seeded inputs, so
 * which calls reach the canary, and how they end, is the same on every run.
 */
class CanaryRollbackTest {
    private static final String GATE = "gate";

    @TempDir
    Path plugins;

    private final RecordingListener events = new RecordingListener();
    private ReloadingRegistry registry;

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    private void startWithCanary(CanaryPolicy policy, PluginEngine engine) {
        GateModule.write(plugins, GATE, "1.0.0", "v1", 0);
        registry = ReloadingRegistry.builder(engine).pluginsDir(plugins).watch(false)
                .canaryPolicy(GATE, policy).listener(events).build();
        registry.start();
    }

    private void startWithCanary(CanaryPolicy policy) {
        startWithCanary(policy, PluginEngine.builder().build());
    }

    private void deployV2(int failBelow) {
        GateModule.write(plugins, GATE, "2.0.0", "v2", failBelow);
        registry.reload(GATE);
        assertThat(registry.canary(GATE)).as("v2 runs as a canary").isPresent();
    }

    /** Sends {@code calls} keyed calls with seeded random first bytes, stopping early once the canary is gone. */
    private Tally callGate(int calls) {
        Random inputs = new Random(20_240_601);
        Tally tally = new Tally();
        for (int i = 0; i < calls; i++) {
            byte[] input = {(byte) inputs.nextInt(256)};
            try {
                String version = registry.call(CallRequest.of(GATE, "gate", input).withRoutingKey("req-" + i)).version();
                tally.served(version);
            } catch (PluginException e) {
                tally.failed++;
            }
        }
        return tally;
    }

    private static final class Tally {
        int v1;
        int v2;
        int failed;

        void served(String version) {
            if (version.equals("1.0.0")) {
                v1++;
            } else {
                v2++;
            }
        }
    }

    @Test
    void aCanaryFailingOneCallInFiveIsRolledBackWithTheMeasuredFigures() {
        startWithCanary(CanaryPolicy.canary(50).withMaxFailureRate(0.10).withMinCalls(200));
        deployV2(51);

        callGate(3_000);

        PluginEvent rolledBack = events.await(PluginEventType.ROLLED_BACK, GATE);
        assertThat(rolledBack.version()).isEqualTo("2.0.0");
        assertThat(rolledBack.figures().get("failureRate").doubleValue()).isBetween(0.12, 0.30);
        assertThat(rolledBack.figures().get("calls").longValue()).isGreaterThanOrEqualTo(200);
        assertThat(rolledBack.figures()).containsEntry("maxFailureRate", 0.10).containsKey("p99Millis");
        assertThat(rolledBack.message()).contains("failure rate").contains("exceeds 10.0%");
        assertThat(registry.canary(GATE)).isEmpty();
        VersionInfo v2 = registry.history(GATE).get(0);
        assertThat(v2.status()).isEqualTo(PluginStatus.FAILED);
        assertThat(v2.lastError()).hasValueSatisfying(error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.PLUGIN_ERROR);
            assertThat(error.message()).contains("rolled back").contains("failure rate").contains("calls");
        });
        assertThat(registry.history(GATE).get(1).status()).isEqualTo(PluginStatus.ACTIVE);

        Tally after = callGate(500);
        assertThat(after.v2).isZero();
        assertThat(after.failed).as("v1 never fails").isZero();
    }

    @Test
    void aHealthyCanaryIsNotRolledBack() {
        startWithCanary(CanaryPolicy.canary(50).withMaxFailureRate(0.10).withMinCalls(200)
                .withMaxLatency(Duration.ofSeconds(1)));
        deployV2(13); // fails 13/256 = 5% of its calls: within the 10% threshold

        Tally tally = callGate(3_000);

        assertThat(events.of(PluginEventType.ROLLED_BACK)).isEmpty();
        assertThat(registry.canary(GATE)).hasValueSatisfying(c -> assertThat(c.weight()).isEqualTo(50));
        assertThat(tally.v2).isBetween(1_200, 1_800);
        assertThat(tally.failed).isPositive();
    }

    @Test
    void aHealthyCanaryIsPromotedOnItsOwnWhenThePolicySaysSo() {
        startWithCanary(CanaryPolicy.canary(50).withMaxFailureRate(0.10).withMinCalls(100).withAutoPromoteAfter(300));
        deployV2(0);

        callGate(1_000);

        PluginEvent promoted = events.await(PluginEventType.PROMOTED, GATE, 2);
        assertThat(promoted.version()).isEqualTo("2.0.0");
        assertThat(promoted.figures().get("calls").longValue()).isGreaterThanOrEqualTo(300);
        assertThat(promoted.figures()).containsEntry("failures", 0L);
        assertThat(registry.active(GATE)).hasValueSatisfying(p -> assertThat(p.version()).isEqualTo("2.0.0"));
        assertThat(registry.history(GATE)).extracting(VersionInfo::status)
                .containsExactly(PluginStatus.ACTIVE, PluginStatus.DEPRECATED);
    }

    @Test
    void aSlowCanaryIsRolledBackOnItsP99Latency() {
        PluginEngine engine = PluginEngine.builder().hostFunction(HostFunction.of(GateModule.NAP, bytes -> {
            Await.pause(30);
            return bytes;
        })).grant(GATE, PluginGrant.builder().hostFunction(GateModule.NAP).build()).build();
        startWithCanary(CanaryPolicy.canary(100).withMaxLatency(Duration.ofMillis(10)).withMinCalls(20), engine);
        GateModule.writeNapping(plugins, GATE, "2.0.0", "v2");
        registry.reload(GATE);

        callGate(40);

        PluginEvent rolledBack = events.await(PluginEventType.ROLLED_BACK, GATE);
        assertThat(rolledBack.figures().get("p99Millis").doubleValue()).isGreaterThanOrEqualTo(30);
        assertThat(rolledBack.figures()).containsEntry("maxLatencyMillis", 10.0);
        assertThat(rolledBack.message()).contains("p99 latency");
        assertThat(registry.history(GATE).get(0).lastError())
                .hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
        assertThat(new String(registry.call(GATE, "gate", new byte[] {100}), UTF_8)).isEqualTo("v1");
    }

    @Test
    void callsOfAFunctionNoVersionHasDoNotCountAgainstTheCanary() {
        startWithCanary(CanaryPolicy.canary(100).withMaxFailureRate(0.0).withMinCalls(10));
        deployV2(0);

        for (int i = 0; i < 50; i++) {
            try {
                registry.call(GATE, "no_such_function", new byte[] {1});
            } catch (PluginException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
            }
        }

        assertThat(events.of(PluginEventType.ROLLED_BACK)).isEmpty();
        assertThat(registry.canary(GATE)).isPresent();
    }
}
