package dev.plinth.spring.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginRegistry;
import dev.plinth.spring.SamplePlugins;
import dev.plinth.spring.autoconfigure.PlinthAutoConfiguration;
import dev.plinth.spring.autoconfigure.PlinthEndpointAutoConfiguration;
import dev.plinth.testing.TestPlugins;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /actuator/plugins/{name}/lifecycle} with the real lifecycle-demo plugin (and the real text-component, whose
 * {@code plinth:plugin/lifecycle} the engine calls the same way): its metadata, its
 * status asked for on request, and, for a version whose initialize fails, the retry waiting with
 * its attempts and next attempt time, under the {@code plinth.reload.retry.*} properties.
 */
class LifecycleEndpointTest {
    private static final String DEMO = "lifecycle-demo";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PlinthAutoConfiguration.class,
                    PlinthEndpointAutoConfiguration.class))
            .withPropertyValues("plinth.reload.enabled=false", "management.endpoints.web.exposure.include=plugins");

    @Test
    void metadataAndStatusAreShown(@TempDir Path dir) {
        SamplePlugins.copy(dir, DEMO);
        runner.withPropertyValues("plinth.plugins.dir=" + dir).run(context -> {
            PluginsEndpoint endpoint = context.getBean(PluginsEndpoint.class);
            JsonMapper json = context.getBean(JsonMapper.class);
            context.getBean(PluginRegistry.class).call(DEMO, "greet", "Ada".getBytes(StandardCharsets.UTF_8));

            JsonNode lifecycle = json.valueToTree(endpoint.part(DEMO, "lifecycle").getBody());

            assertThat(lifecycle.get("metadata").get("author").asString()).isEqualTo("The Plinth authors");
            assertThat(lifecycle.get("metadata").get("capabilities").toString()).isEqualTo("[\"greet\",\"status\"]");
            assertThat(lifecycle.get("status").asString()).isEqualTo("{\"greeting\":\"Hello\",\"calls\":1}");
            assertThat(lifecycle.get("lifecycleExports").size()).isEqualTo(4);
            assertThat(lifecycle.get("retry").isNull()).isTrue();
            assertThat(endpoint.part(DEMO, "nothing").getStatus()).isEqualTo(404);
        });
    }

    @Test
    void aComponentsMetadataAndStatusAreShownTheSameWay(@TempDir Path dir) {
        TestPlugins.copyTree(TestPlugins.component("text-component"), dir.resolve("text-component"));
        runner.withPropertyValues("plinth.plugins.dir=" + dir).run(context -> {
            PluginsEndpoint endpoint = context.getBean(PluginsEndpoint.class);
            JsonMapper json = context.getBean(JsonMapper.class);

            JsonNode lifecycle = json.valueToTree(endpoint.part("text-component", "lifecycle").getBody());

            assertThat(lifecycle.get("metadata").get("name").asString()).isEqualTo("text-component");
            assertThat(lifecycle.get("metadata").get("capabilities").get(0).asString()).isEqualTo("text.upper");
            assertThat(lifecycle.get("status").asString())
                    .isEqualTo("{\"health\":\"ready\",\"message\":null,\"processed\":0}");
            assertThat(lifecycle.get("lifecycleExports").toString()).contains("plinth:plugin/lifecycle@0.1.0#shutdown");
            assertThat(lifecycle.get("lifecycleExports").size()).isEqualTo(4);
        });
    }

    @Test
    void aFailedInitializeShowsItsRetry(@TempDir Path dir) throws Exception {
        Path manifest = SamplePlugins.copy(dir, DEMO).resolve(DEMO).resolve("plugin.toml");
        Files.writeString(manifest, Files.readString(manifest).replace("# wait-for-var", "wait-for-var"));
        runner.withPropertyValues("plinth.plugins.dir=" + dir, "plinth.reload.retry.base-delay=1h",
                "plinth.reload.retry.max-delay=2h", "plinth.reload.retry.jitter=0").run(context -> {
            PluginsEndpoint endpoint = context.getBean(PluginsEndpoint.class);
            JsonMapper json = context.getBean(JsonMapper.class);

            JsonNode retry = json.valueToTree(endpoint.part(DEMO, "lifecycle").getBody()).get("retry");

            assertThat(retry.get("attempts").asInt()).isEqualTo(1);
            assertThat(retry.get("lastError").asString()).isEqualTo("plugin-error");
            assertThat(retry.get("lastMessage").asString()).contains("not ready yet");
            assertThat(java.time.Instant.parse(retry.get("nextAttemptAt").asString()))
                    .isAfter(java.time.Instant.now().plusSeconds(3500));
        });
    }
}
