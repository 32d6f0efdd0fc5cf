package dev.plinth.spring.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginRegistry;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.host.HostFunction;
import dev.plinth.spring.SamplePlugins;
import dev.plinth.spring.autoconfigure.PlinthAutoConfiguration;
import dev.plinth.spring.autoconfigure.PlinthObservationAutoConfiguration;
import dev.plinth.spring.client.EnablePluginClients;
import dev.plinth.spring.testclients.TextClient;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With Spring Boot's observation support and micrometer-tracing's in-memory tracer, every call
 * through the typed plugin beans or the registry bean is one span named after the plugin and the
 * export, tagged with plugin, version, digest, function and outcome, failing calls included.
 */
class PluginCallObservationTest {
    @TempDir
    Path dir;
    private ConfigurableApplicationContext context;
    private SimpleTracer tracer;

    @BeforeEach
    void start() {
        SamplePlugins.copy(dir, "text-transformer");
        SamplePlugins.copyFixture(dir, "abi-fixtures");
        start("--plinth.enabled=true");
    }

    private void start(String property) {
        if (context != null) {
            context.close();
        }
        context = new SpringApplicationBuilder(Traced.class).web(WebApplicationType.NONE)
                .run("--plinth.plugins.dir=" + dir, "--plinth.reload.enabled=false",
                        "--plinth.grants.abi-fixtures.host-functions=echo-host", property);
        tracer = context.getBean(SimpleTracer.class);
    }

    @AfterEach
    void stop() {
        context.close();
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({JacksonAutoConfiguration.class, ObservationAutoConfiguration.class,
            PlinthObservationAutoConfiguration.class, PlinthAutoConfiguration.class})
    @EnablePluginClients(basePackages = "dev.plinth.spring.testclients")
    static class Traced {
        @Bean
        SimpleTracer simpleTracer() {
            return new SimpleTracer();
        }

        @Bean
        DefaultTracingObservationHandler tracingHandler(SimpleTracer simpleTracer) {
            return new DefaultTracingObservationHandler(simpleTracer);
        }

        @Bean
        HostFunction echoHost() {
            return HostFunction.of("echo-host", input -> input);
        }
    }

    @Test
    void aTypedBeansCallIsASpanWithTheVersionThatRanIt() {
        assertThat(context.getBean(TextClient.class).transform("hello")).isEqualTo("HELLO");

        VersionInfo version = context.getBean(PluginRegistry.class).find("text-transformer").orElseThrow();
        SimpleSpan span = onlySpan();
        assertThat(span.getName()).isEqualTo("text-transformer transform");
        assertThat(span.getTags()).containsAllEntriesOf(Map.of("plugin", "text-transformer", "version", "0.1.0",
                "digest", version.versionId().shortDigest(), "function", "transform", "outcome", "success"));
        assertThat(version.versionId().shortDigest()).hasSize(8);
        assertThat(span.getError()).isNull();
    }

    @Test
    void failingCallsAreSpansWithTheirErrorCodeAndError() {
        PluginRegistry registry = context.getBean(PluginRegistry.class);
        String digest = registry.find("abi-fixtures").orElseThrow().versionId().shortDigest();

        assertThatThrownBy(() -> registry.call("abi-fixtures", "fail", new byte[0])).isInstanceOf(PluginException.class);
        assertThatThrownBy(() -> registry.call("abi-fixtures", "trap", new byte[0])).isInstanceOf(PluginException.class);

        List<SimpleSpan> spans = List.copyOf(tracer.getSpans());
        assertThat(spans).extracting(SimpleSpan::getName).containsExactly("abi-fixtures fail", "abi-fixtures trap");
        assertThat(spans).extracting(s -> s.getTags().get("outcome")).containsExactly("plugin-error", "trap");
        assertThat(spans).allSatisfy(s -> {
            assertThat(s.getTags()).containsEntry("digest", digest).containsEntry("plugin", "abi-fixtures");
            assertThat(s.getError()).isInstanceOf(PluginException.class);
        });
    }

    @Test
    void namesNoVersionRanAreNotTags() {
        assertThatThrownBy(() -> context.getBean(TextClient.class).missingExport("x"))
                .isInstanceOf(PluginException.class);
        assertThat(onlySpan().getTags()).containsEntry("function", "unknown").containsEntry("outcome", "not-found")
                .containsEntry("plugin", "text-transformer");
        tracer.getSpans().clear();

        assertThatThrownBy(() -> context.getBean(PluginRegistry.class).call("made-up-" + System.nanoTime(), "run",
                "x".getBytes(StandardCharsets.UTF_8))).isInstanceOf(PluginException.class);
        SimpleSpan refused = onlySpan();
        assertThat(refused.getTags()).containsEntry("plugin", "unknown").containsEntry("function", "unknown")
                .containsEntry("version", "none").containsEntry("outcome", "not-found")
                .containsEntry("requested.function", "run");
        assertThat(refused.getTags().get("requested.plugin")).startsWith("made-up-");
    }

    @Test
    void springBootsSwitchTurnsThemOff() {
        start("--management.observations.enable.plinth.plugin.call=false");

        assertThat(context.getBean(TextClient.class).transform("hello")).isEqualTo("HELLO");

        assertThat(tracer.getSpans()).isEmpty();
    }

    @Test
    void withoutAnObservationRegistryCallsAreNotWrapped() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
                        PlinthObservationAutoConfiguration.class, PlinthAutoConfiguration.class))
                .withPropertyValues("plinth.plugins.dir=" + dir, "plinth.reload.enabled=false",
                        "plinth.grants.abi-fixtures.host-functions=echo-host")
                .withBean(HostFunction.class, () -> HostFunction.of("echo-host", input -> input))
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(PluginCallObservations.class)
                            .doesNotHaveBean(ObservationCallListener.class);
                    assertThat(context.getBean(PluginRegistry.class).call("text-transformer", "echo",
                            "x".getBytes(StandardCharsets.UTF_8))).asString(StandardCharsets.UTF_8).isEqualTo("x");
                });
    }

    private SimpleSpan onlySpan() {
        assertThat(tracer.getSpans()).hasSize(1);
        return tracer.getSpans().getFirst();
    }
}
