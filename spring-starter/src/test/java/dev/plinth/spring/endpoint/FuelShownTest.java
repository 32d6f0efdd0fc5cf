package dev.plinth.spring.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginRegistry;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginException;
import dev.plinth.spring.SamplePlugins;
import dev.plinth.spring.autoconfigure.PlinthAutoConfiguration;
import dev.plinth.spring.autoconfigure.PlinthEndpointAutoConfiguration;
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
 * {@code /actuator/plugins/{name}} shows the fuel a version's calls run under, not the policy's
 * ceiling: "unmetered" for a plugin that asked for no fuel (the ceiling of 1,000,000,000 is what it
 * could have been given), its budget for one that asked (shown to be metered by a call that runs
 * out), and the engine's default budget ({@code plinth.limits.fuel}) for one that asked for none.
 */
class FuelShownTest {
    private static final String PLUGIN = "text-transformer";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PlinthAutoConfiguration.class,
                    PlinthEndpointAutoConfiguration.class))
            .withPropertyValues("plinth.reload.enabled=false", "management.endpoints.web.exposure.include=plugins");

    @Test
    void anUnmeteredVersionIsShownUnmetered(@TempDir Path dir) {
        SamplePlugins.copy(dir, PLUGIN);
        runner.withPropertyValues("plinth.plugins.dir=" + dir).run(context -> {
            JsonNode detail = detail(context.getBean(PluginsEndpoint.class), context.getBean(JsonMapper.class));

            assertThat(detail.at("/grants/limits/fuel").asString()).isEqualTo("unmetered");
            assertThat(detail.at("/grants/limitValues/fuel").isNull()).isTrue();
            assertThat(detail.at("/limits/fuelPerCall").isNull()).isTrue();
            assertThat(detail.at("/grants/limits/memory").asString()).isNotBlank();
        });
    }

    @Test
    void aMeteredVersionShowsItsBudget(@TempDir Path dir) throws Exception {
        Path manifest = SamplePlugins.copy(dir, PLUGIN).resolve(PLUGIN).resolve("plugin.toml");
        Files.writeString(manifest, Files.readString(manifest) + "\n[permissions]\nfuel = 2_000\n");
        runner.withPropertyValues("plinth.plugins.dir=" + dir).run(context -> {
            JsonNode detail = detail(context.getBean(PluginsEndpoint.class), context.getBean(JsonMapper.class));

            assertThat(detail.at("/grants/limits/fuel").asString()).isEqualTo("2000");
            assertThat(detail.at("/grants/limitValues/fuel").asLong()).isEqualTo(2_000);
            assertThat(detail.at("/limits/fuelPerCall").asLong()).isEqualTo(2_000);
            assertThatThrownBy(() -> context.getBean(PluginRegistry.class).call(PLUGIN, "transform",
                    "x".repeat(50_000).getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOfSatisfying(PluginException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.FUEL_EXHAUSTED));
        });
    }

    @Test
    void theEngineDefaultMetersAPluginThatAskedForNone(@TempDir Path dir) {
        SamplePlugins.copy(dir, PLUGIN);
        runner.withPropertyValues("plinth.plugins.dir=" + dir, "plinth.limits.fuel=3000000").run(context -> {
            JsonNode detail = detail(context.getBean(PluginsEndpoint.class), context.getBean(JsonMapper.class));

            assertThat(detail.at("/limits/fuelPerCall").asLong()).isEqualTo(3_000_000);
            assertThat(detail.at("/grants/limits/fuel").asString()).isEqualTo("3000000");
        });
    }

    private static JsonNode detail(PluginsEndpoint endpoint, JsonMapper json) {
        return json.valueToTree(endpoint.plugin(PLUGIN).getBody());
    }
}
