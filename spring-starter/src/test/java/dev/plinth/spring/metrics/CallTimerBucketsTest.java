package dev.plinth.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginRegistry;
import dev.plinth.spring.SamplePlugins;
import dev.plinth.spring.autoconfigure.PlinthAutoConfiguration;
import dev.plinth.spring.autoconfigure.PlinthMetricsAutoConfiguration;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code plinth.metrics.histogram} and {@code plinth.metrics.slo} give the call timer its buckets. */
class CallTimerBucketsTest {
    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        SamplePlugins.copy(dir, "text-transformer");
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PlinthAutoConfiguration.class,
                        PlinthMetricsAutoConfiguration.class))
                .withBean(SimpleMeterRegistry.class)
                .withPropertyValues("plinth.reload.enabled=false", "plinth.plugins.dir=" + dir);
    }

    @Test
    void sloBoundsAreTheTimersBuckets() {
        runner().withPropertyValues("plinth.metrics.slo=10ms,50ms,2s").run(context -> {
            Timer timer = callOnce(context.getBean(PluginRegistry.class), context.getBean(SimpleMeterRegistry.class));
            CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
            assertThat(Arrays.stream(buckets).mapToDouble(b -> b.bucket(TimeUnit.MILLISECONDS)))
                    .containsExactly(10.0, 50.0, 2000.0);
            assertThat(buckets[2].count()).as("the call took less than 2 s").isEqualTo(1);
        });
    }

    @Test
    void theHistogramIsPrometheusBucketLines() {
        SamplePlugins.copy(dir, "text-transformer");
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PlinthAutoConfiguration.class,
                        PlinthMetricsAutoConfiguration.class))
                .withBean(PrometheusMeterRegistry.class, () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
                .withPropertyValues("plinth.reload.enabled=false", "plinth.plugins.dir=" + dir,
                        "plinth.metrics.histogram=true", "plinth.metrics.slo=10ms")
                .run(context -> {
                    context.getBean(PluginRegistry.class).call("text-transformer", "transform",
                            "hi".getBytes(StandardCharsets.UTF_8));
                    List<String> buckets = context.getBean(PrometheusMeterRegistry.class).scrape().lines()
                            .filter(line -> line.startsWith("plinth_plugin_calls_seconds_bucket{")).toList();
                    assertThat(buckets).as("a percentile histogram has dozens of buckets").hasSizeGreaterThan(20)
                            .anySatisfy(line -> assertThat(line).contains("le=\"0.01\"")
                                    .contains("plugin=\"text-transformer\"").contains("function=\"transform\""))
                            .anySatisfy(line -> assertThat(line).contains("le=\"+Inf\"").endsWith(" 1"));
                });
    }

    @Test
    void withoutEitherThereAreNoBuckets() {
        runner().run(context -> {
            Timer timer = callOnce(context.getBean(PluginRegistry.class), context.getBean(SimpleMeterRegistry.class));
            assertThat(timer.takeSnapshot().histogramCounts()).isEmpty();
        });
    }

    @Test
    void aBoundOfZeroIsRefusedAtStartup() {
        runner().withPropertyValues("plinth.metrics.slo=0ms").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("plinth.metrics.slo"));
    }

    private static Timer callOnce(PluginRegistry registry, SimpleMeterRegistry meters) {
        registry.call("text-transformer", "transform", "hi".getBytes(StandardCharsets.UTF_8));
        return meters.get("plinth.plugin.calls").tag("function", "transform").timer();
    }
}
