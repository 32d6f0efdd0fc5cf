package dev.plinth.spring.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginRegistry;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.deploy.PluginDeployments;
import dev.plinth.spring.SamplePlugins;
import dev.plinth.spring.autoconfigure.PlinthAutoConfiguration;
import dev.plinth.spring.autoconfigure.PlinthEndpointAutoConfiguration;
import dev.plinth.spring.autoconfigure.PlinthMetricsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A rebuilt {@code .wasm} that keeps its version string, as the actuator's JSON and the meters
 * show it: canary and active are told apart by digest and version id, their weights add up, a
 * rollback by request reads {@code rolled-back}, and the canary action stages a loaded version by
 * its id.
 */
class VersionIdentityEndpointTest {
    private static final String PLUGIN = "text-transformer";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PlinthAutoConfiguration.class,
                    PlinthEndpointAutoConfiguration.class, PlinthMetricsAutoConfiguration.class))
            .withBean(SimpleMeterRegistry.class)
            .withPropertyValues("plinth.reload.enabled=false", "management.endpoints.web.exposure.include=plugins",
                    "plinth.canary.plugins.text-transformer.mode=canary",
                    "plinth.canary.plugins.text-transformer.initial-weight=30");

    @Test
    void aRebuildWithTheSameVersionStringIsToldApartEverywhere(@TempDir Path dir) throws Exception {
        Path plugin = SamplePlugins.copy(dir, PLUGIN).resolve(PLUGIN);
        runner.withPropertyValues("plinth.plugins.dir=" + dir).run(context -> {
            PluginDeployments deployments = context.getBean(PluginDeployments.class);
            PluginRegistry registry = context.getBean(PluginRegistry.class);
            PluginsEndpoint endpoint = context.getBean(PluginsEndpoint.class);
            JsonMapper json = context.getBean(JsonMapper.class);
            Path wasm = wasmOf(plugin);
            Files.write(wasm, withCustomSection(Files.readAllBytes(wasm)));
            deployments.reload(PLUGIN);

            JsonNode summary = json.valueToTree(endpoint.plugins()).get("plugins").get(0);
            JsonNode canary = summary.get("canary");
            assertThat(summary.get("version").asString()).isEqualTo("0.1.0");
            assertThat(canary.get("version").asString()).isEqualTo("0.1.0");
            assertThat(summary.get("digest").asString()).matches("[0-9a-f]{64}");
            assertThat(canary.get("digest").asString()).matches("[0-9a-f]{64}")
                    .isNotEqualTo(summary.get("digest").asString());
            assertThat(summary.get("versionId").asString())
                    .isEqualTo("0.1.0@" + summary.get("digest").asString().substring(0, 8));
            assertThat(canary.get("versionId").asString())
                    .isEqualTo("0.1.0@" + canary.get("digest").asString().substring(0, 8))
                    .isNotEqualTo(summary.get("versionId").asString());
            assertThat(canary.get("weight").asInt()).isEqualTo(30);

            JsonNode detail = json.valueToTree(endpoint.plugin(PLUGIN).getBody());
            assertThat(weights(detail)).as("canary 30%, active the rest").containsExactly("canary:30", "active:70");

            Set<String> digestTags = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                registry.call(dev.plinth.api.CallRequest.of(PLUGIN, "transform", "x".getBytes(StandardCharsets.UTF_8))
                        .withRoutingKey("user-" + i));
            }
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            for (Timer timer : meters.find("plinth.plugin.calls").tags("plugin", PLUGIN, "version", "0.1.0")
                    .timers()) {
                digestTags.add(timer.getId().getTag("digest"));
            }
            assertThat(digestTags).as("one series per build, though both are 0.1.0").containsExactlyInAnyOrder(
                    summary.get("digest").asString().substring(0, 8), canary.get("digest").asString().substring(0, 8));

            assertThat(endpoint.act(PLUGIN, "rollback", null, null).getStatus()).isEqualTo(200);
            detail = json.valueToTree(endpoint.plugin(PLUGIN).getBody());
            JsonNode rolledBack = detail.get("versions").get(0);
            assertThat(rolledBack.get("versionId").asString()).isEqualTo(canary.get("versionId").asString());
            assertThat(rolledBack.get("status").asString()).isEqualTo("rolled-back");
            assertThat(rolledBack.get("error").isNull()).as("a rollback by request is no failure").isTrue();
        });
    }

    @Test
    void theCanaryActionStagesTheVersionKeptForRollbackByItsId(@TempDir Path dir) throws Exception {
        Path plugin = SamplePlugins.copy(dir, PLUGIN).resolve(PLUGIN);
        runner.withPropertyValues("plinth.plugins.dir=" + dir).run(context -> {
            PluginDeployments deployments = context.getBean(PluginDeployments.class);
            PluginsEndpoint endpoint = context.getBean(PluginsEndpoint.class);
            JsonMapper json = context.getBean(JsonMapper.class);
            String first = context.getBean(PluginRegistry.class).find(PLUGIN).map(VersionInfo::versionId)
                    .orElseThrow().toString();
            Path manifest = plugin.resolve("plugin.toml");
            Files.writeString(manifest, Files.readString(manifest).replace("version = \"0.1.0\"",
                    "version = \"0.2.0\""));
            deployments.reload(PLUGIN);
            assertThat(endpoint.act(PLUGIN, "promote", null, null).getStatus()).isEqualTo(200);

            var staged = endpoint.act(PLUGIN, "canary", 20, first);

            assertThat(staged.getStatus()).isEqualTo(200);
            JsonNode result = json.valueToTree(staged.getBody());
            assertThat(result.get("version").asString()).isEqualTo(first);
            assertThat(result.get("now").get("version").asString()).isEqualTo("0.2.0");
            assertThat(result.get("now").get("canary").get("versionId").asString()).isEqualTo(first);
            assertThat(result.get("now").get("canary").get("weight").asInt()).isEqualTo(20);
            JsonNode detail = json.valueToTree(endpoint.plugin(PLUGIN).getBody());
            assertThat(weights(detail)).containsExactly("active:80", "canary:20");

            var unknown = endpoint.act(PLUGIN, "canary", 20, "9.9.9@deadbeef");
            assertThat(unknown.getStatus()).isEqualTo(404);
            assertThat(json.valueToTree(unknown.getBody()).get("detail").asString()).contains("has no version 9.9.9");
            var active = endpoint.act(PLUGIN, "canary", 20, "0.2.0");
            assertThat(active.getStatus()).isEqualTo(409);
            assertThat(json.valueToTree(active.getBody()).get("detail").asString()).contains("is the active version");
            assertThat(endpoint.act(PLUGIN, "promote", null, "0.2.0").getStatus()).as("only canary takes a version")
                    .isEqualTo(400);
        });
    }

    /** {@code status:weight} of the history entries that take calls, newest first. */
    private static List<String> weights(JsonNode detail) {
        List<String> shares = new java.util.ArrayList<>();
        for (JsonNode version : detail.get("versions")) {
            if (version.get("weight").asInt() > 0) {
                shares.add(version.get("status").asString() + ":" + version.get("weight").asInt());
            }
        }
        return shares;
    }

    private static Path wasmOf(Path plugin) throws Exception {
        try (Stream<Path> files = Files.list(plugin)) {
            return files.filter(f -> f.toString().endsWith(".wasm")).findFirst().orElseThrow();
        }
    }

    /** The module with an empty custom section appended: a new build that runs the same. */
    private static byte[] withCustomSection(byte[] wasm) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(wasm);
        byte[] name = "plinth-test-build".getBytes(StandardCharsets.UTF_8);
        out.write(0);
        out.write(name.length + 1);
        out.write(name.length);
        out.writeBytes(name);
        return out.toByteArray();
    }
}
