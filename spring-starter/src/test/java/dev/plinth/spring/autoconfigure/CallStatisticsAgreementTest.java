package dev.plinth.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginRegistry;
import dev.plinth.api.deploy.PluginDeployments;
import dev.plinth.api.deploy.PluginEvent;
import dev.plinth.api.deploy.PluginEventListener;
import dev.plinth.api.deploy.PluginEventType;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.host.HostFunction;
import dev.plinth.host.CallStats;
import dev.plinth.spring.ActivePlugins;
import dev.plinth.spring.SamplePlugins;
import dev.plinth.spring.endpoint.PluginDescriptors.CallsDescriptor;
import dev.plinth.spring.endpoint.PluginDescriptors.PluginDetail;
import dev.plinth.spring.endpoint.PluginDescriptors.PluginSummary;
import dev.plinth.spring.endpoint.PluginsEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The canary judge, the {@code plugins} endpoint and the meters read one version's
 * {@link CallStats}: after one set of calls (successes, plugin errors, a trap, timeouts, and calls
 * refused as not-found and too-large) they show the same counts and the same percentiles.
 */
class CallStatisticsAgreementTest {
    private static final String PLUGIN = "abi-fixtures";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PlinthAutoConfiguration.class,
                    PlinthEndpointAutoConfiguration.class, PlinthMetricsAutoConfiguration.class))
            .withBean(SimpleMeterRegistry.class)
            // abi-fixtures imports it; these calls never use it
            .withBean(HostFunction.class, () -> HostFunction.of("echo-host", input -> input))
            .withPropertyValues("plinth.reload.enabled=false", "plinth.limits.call-timeout=400ms",
                    "plinth.limits.max-input=1KB", "plinth.grants.abi-fixtures.host-functions=echo-host",
                    "management.endpoints.web.exposure.include=plugins");

    @Test
    void theEndpointAndTheMetersShowTheServingVersionsStatistics(@TempDir Path dir) {
        SamplePlugins.copyFixture(dir, PLUGIN);
        runner.withPropertyValues("plinth.plugins.dir=" + dir).run(context -> {
            PluginRegistry registry = context.getBean(PluginRegistry.class);
            for (int i = 0; i < 40; i++) {
                registry.call(PLUGIN, "echo", bytes("ping " + i));
            }
            fail(registry, "fail", 3);
            fail(registry, "trap", 1);
            fail(registry, "spin", 2);
            fail(registry, "made_up", 1);
            failWith(registry, "echo", new byte[2000]);

            CallStats.Snapshot stats = context.getBean(ActivePlugins.class).active(PLUGIN).orElseThrow()
                    .callStats().snapshot();
            assertThat(stats.calls()).isEqualTo(48);
            assertThat(stats.measuredCalls()).as("not-found and too-large are refusals, not latency").isEqualTo(46);
            assertThat(stats.p99()).as("the slowest of 46: a timeout").isGreaterThanOrEqualTo(Duration.ofMillis(400));
            assertThat(stats.p50()).isLessThan(Duration.ofMillis(200));
            Map<String, Long> outcomes = Map.of("success", 40L, "plugin-error", 3L, "trap", 1L, "timeout", 2L,
                    "not-found", 1L, "too-large", 1L);

            PluginsEndpoint endpoint = context.getBean(PluginsEndpoint.class);
            PluginSummary summary = endpoint.plugins().plugins().get(0);
            assertThat(summary.calls()).isEqualTo(stats.calls());
            assertThat(summary.errors()).isEqualTo(stats.failureCount()).isEqualTo(8);
            assertThat(summary.p50Millis()).isEqualTo(millis(stats.p50()));
            assertThat(summary.p99Millis()).isEqualTo(millis(stats.p99()));
            CallsDescriptor calls = ((PluginDetail) endpoint.plugin(PLUGIN).getBody()).calls();
            assertThat(calls.outcomes()).isEqualTo(outcomes);
            assertThat(calls.p99Millis()).isEqualTo(summary.p99Millis());
            assertThat(calls.recentErrors()).hasSize(8).first().satisfies(newest -> {
                assertThat(newest.code()).isEqualTo("too-large");
                assertThat(newest.versionId()).startsWith("0.1.0@").hasSize("0.1.0@".length() + 8);
            });

            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(timerCounts(meters, "0.1.0")).isEqualTo(outcomes);
            assertThat(latencyGauge(meters, "0.5")).isEqualTo(stats.p50().toNanos());
            assertThat(latencyGauge(meters, "0.99")).isEqualTo(stats.p99().toNanos());
        });
    }

    @Test
    void theCanaryJudgeCountsWhatTheEndpointAndTheMetersShow(@TempDir Path dir) throws Exception {
        Path fixture = SamplePlugins.copyFixture(dir, PLUGIN);
        runner.withBean(RecordedEvents.class)
                .withPropertyValues("plinth.plugins.dir=" + dir, "plinth.canary.plugins.abi-fixtures.mode=canary",
                        "plinth.canary.plugins.abi-fixtures.initial-weight=100",
                        "plinth.canary.plugins.abi-fixtures.max-failure-rate=0.5",
                        "plinth.canary.plugins.abi-fixtures.min-calls=10",
                        "plinth.canary.plugins.abi-fixtures.auto-promote-after=20")
                .run(context -> {
                    Path manifest = fixture.resolve("plugin.toml");
                    Files.writeString(manifest, Files.readString(manifest).replace("version = \"0.1.0\"",
                            "version = \"0.2.0\""));
                    context.getBean(PluginDeployments.class).reload(PLUGIN);
                    PluginRegistry registry = context.getBean(PluginRegistry.class);
                    fail(registry, "made_up", 1);
                    failWith(registry, "echo", new byte[2000]);
                    fail(registry, "fail", 3);
                    fail(registry, "spin", 1);
                    for (int i = 0; i < 15; i++) {
                        registry.call(PLUGIN, "echo", bytes("canary " + i));
                    }

                    // 19 calls count for the judge (not the refused two): the canary still runs
                    CallStats canary = context.getBean(ActivePlugins.class).canaryVersion(PLUGIN).orElseThrow()
                            .callStats();
                    PluginSummary during = context.getBean(PluginsEndpoint.class).plugins().plugins().get(0);
                    assertThat(during.version()).isEqualTo("0.1.0");
                    assertThat(during.calls()).as("the active version took none").isZero();
                    assertThat(during.canary().version()).isEqualTo("0.2.0");
                    assertThat(during.canary().calls()).isEqualTo(canary.calls()).isEqualTo(21);
                    assertThat(during.canary().errors()).isEqualTo(6);
                    assertThat(during.canary().p99Millis()).isEqualTo(millis(canary.percentile(0.99)));

                    registry.call(PLUGIN, "echo", bytes("the 20th"));
                    PluginEvent promoted = context.getBean(RecordedEvents.class).only(PluginEventType.PROMOTED, "0.2.0");
                    Map<String, Number> judged = promoted.figures();

                    CallStats.Snapshot stats = canary.snapshot();
                    PluginSummary after = context.getBean(PluginsEndpoint.class).plugins().plugins().get(0);
                    assertThat(after.version()).isEqualTo("0.2.0");
                    assertThat(after.calls()).isEqualTo(stats.calls()).isEqualTo(22);
                    assertThat(judged.get("calls")).as("the judge leaves out not-found and too-large")
                            .isEqualTo(after.calls() - 2).isEqualTo(stats.measuredCalls());
                    assertThat(judged.get("failures")).isEqualTo(after.errors() - 2).isEqualTo(4L);
                    assertThat(judged.get("failureRate")).isEqualTo(0.2);
                    assertThat(judged.get("p99Millis")).isEqualTo(after.p99Millis()).isEqualTo(millis(stats.p99()));
                    assertThat(judged.get("meanMillis")).isEqualTo(millis(stats.mean()));

                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    assertThat(timerCounts(meters, "0.2.0")).isEqualTo(Map.of("success", 16L, "plugin-error", 3L,
                            "timeout", 1L, "not-found", 1L, "too-large", 1L));
                    assertThat(latencyGauge(meters, "0.99")).isEqualTo(stats.p99().toNanos());
                    assertThat(TimeUnit.NANOSECONDS.toMillis(latencyGauge(meters, "0.99")))
                            .as("the timeout is the canary's p99").isGreaterThanOrEqualTo(400);
                });
    }

    private static void fail(PluginRegistry registry, String function, int times) {
        for (int i = 0; i < times; i++) {
            failWith(registry, function, new byte[0]);
        }
    }

    private static void failWith(PluginRegistry registry, String function, byte[] input) {
        assertThatThrownBy(() -> registry.call(PLUGIN, function, input)).isInstanceOf(PluginException.class);
    }

    /** Calls of the version by outcome, summed over the timers of its functions. */
    private static Map<String, Long> timerCounts(MeterRegistry meters, String version) {
        Map<String, Long> counts = new TreeMap<>();
        for (Timer timer : meters.find("plinth.plugin.calls").tags("plugin", PLUGIN, "version", version).timers()) {
            counts.merge(timer.getId().getTag("outcome"), timer.count(), Long::sum);
        }
        return counts;
    }

    /**
     * The gauge in nanoseconds, rounded: a time gauge keeps seconds as a double, so 131,071 ns comes
     * back as 131,070.99999..., which a cast would cut to 131,070.
     */
    private static long latencyGauge(MeterRegistry meters, String quantile) {
        return Math.round(meters.get("plinth.plugin.latency").tags("plugin", PLUGIN, "quantile", quantile)
                .timeGauge().value(TimeUnit.NANOSECONDS));
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The plugin events of the run, as the application's listener bean hears them. */
    static final class RecordedEvents implements PluginEventListener {
        private final List<PluginEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(PluginEvent event) {
            events.add(event);
        }

        PluginEvent only(PluginEventType type, String version) {
            List<PluginEvent> ofType = events.stream().filter(e -> e.type() == type && e.version().equals(version))
                    .toList();
            assertThat(ofType).hasSize(1);
            return ofType.get(0);
        }
    }
}
