package dev.plinth.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginRegistry;
import dev.plinth.api.deploy.PluginDeployments;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.reload.CanaryPolicy;
import dev.plinth.spring.ActivePlugins;
import dev.plinth.spring.SamplePlugins;
import dev.plinth.spring.client.EnablePluginClients;
import dev.plinth.spring.endpoint.PluginDescriptors;
import dev.plinth.spring.endpoint.PluginsEndpoint;
import dev.plinth.spring.health.PluginsHealthIndicator;
import dev.plinth.spring.lifecycle.GatedPluginRegistry;
import dev.plinth.spring.lifecycle.PluginRegistryLifecycle;
import dev.plinth.spring.metrics.PluginMetrics;
import dev.plinth.spring.properties.PlinthProperties;
import dev.plinth.spring.testclients.TextClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The auto-configuration on its own, without a web server: what it creates with no
 * configuration, what the properties change, and how it backs off for the application's beans.
 */
class PlinthAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PlinthAutoConfiguration.class,
                    PlinthEndpointAutoConfiguration.class, PlinthHealthAutoConfiguration.class,
                    PlinthMetricsAutoConfiguration.class));

    @Test
    void startsWithZeroConfigurationAndNoPluginsFolder() throws Exception {
        Path defaultDir = Path.of("plugins");
        boolean existed = Files.exists(defaultDir);
        try {
            runner.run(context -> {
                assertThat(context).hasNotFailed();
                assertThat(context).hasSingleBean(PluginEngine.class).hasSingleBean(GatedPluginRegistry.class)
                        .hasSingleBean(PluginRegistryLifecycle.class).hasSingleBean(PluginsHealthIndicator.class);
                assertThat(context.getBean(PluginRegistry.class).list()).isEmpty();
                assertThat(context.getBean(PluginDeployments.class)).isSameAs(context.getBean(PluginRegistry.class));
                assertThat(context.getBean(PlinthProperties.class).getPlugins().getDir()).isEqualTo(Path.of("./plugins"));
                assertThat(context.getBean(PluginsHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
                // actuator endpoints are opt-in: not exposed, not created
                assertThat(context).doesNotHaveBean(PluginsEndpoint.class);
            });
        } finally {
            if (!existed) {
                Files.deleteIfExists(defaultDir);
            }
        }
    }

    @Test
    void turnsOffWithPlinthEnabledFalse() {
        runner.withPropertyValues("plinth.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(PluginRegistry.class).doesNotHaveBean(PluginEngine.class);
        });
    }

    @Test
    void honoursLimitsConfigOverridesAndReloadSettings(@TempDir Path dir) {
        SamplePlugins.copy(dir, "text-transformer");
        runner.withPropertyValues("plinth.plugins.dir=" + dir, "plinth.reload.enabled=false",
                "plinth.limits.max-instances=2", "plinth.limits.call-timeout=2s", "plinth.limits.max-input=1KB",
                "plinth.config-overrides.mode=reverse", "plinth.engine.mode=interpreted").run(context -> {
                    assertThat(context).hasNotFailed();
                    PluginRegistry registry = context.getBean(PluginRegistry.class);
                    assertThat(out(registry.call("text-transformer", "transform", bytes("plinth")))).isEqualTo("htnilp");
                    PluginLimits limits = context.getBean(ActivePlugins.class).active("text-transformer")
                            .orElseThrow().limits();
                    assertThat(limits.maxInstances()).isEqualTo(2);
                    assertThat(limits.callTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(limits.maxInputBytes()).isEqualTo(1024);
                });
    }

    @Test
    void keepsCompiledModulesInTheCompileCacheDirectoryForTheNextStart(@TempDir Path temp) throws Exception {
        Path dir = Files.createDirectories(temp.resolve("plugins"));
        SamplePlugins.copy(dir, "text-transformer");
        Path cache = temp.resolve("cache");
        Path key = Files.createDirectories(temp.resolve("secrets")).resolve("compile-cache.key");
        String[] properties = {"plinth.plugins.dir=" + dir, "plinth.reload.enabled=false",
            "plinth.engine.compile-cache=" + cache, "plinth.engine.compile-cache-key-file=" + key,
            "plinth.engine.compile-cache-max-size=64MB"};
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(out(context.getBean(PluginRegistry.class).call("text-transformer", "transform",
                    bytes("cached")))).isEqualTo("CACHED");
        });
        try (var entries = Files.list(cache)) {
            assertThat(entries.filter(f -> f.toString().endsWith(".entry"))).hasSize(2); // classes, shape
        }
        assertThat(key).isRegularFile();
        // the next start finds them: same answer, no more entries
        runner.withPropertyValues(properties).run(context -> assertThat(out(context.getBean(PluginRegistry.class)
                .call("text-transformer", "transform", bytes("again")))).isEqualTo("AGAIN"));
        try (var entries = Files.list(cache)) {
            assertThat(entries.filter(f -> f.toString().endsWith(".entry"))).hasSize(2); // classes, shape
        }
    }

    @Test
    void refusesSymlinksOutOfThePluginsFolderUnlessThePropertyAllowsThem(@TempDir Path temp) throws Exception {
        Path dir = Files.createDirectories(temp.resolve("plugins"));
        Path outside = SamplePlugins.copy(Files.createDirectories(temp.resolve("outside")), "text-transformer")
                .resolve("text-transformer");
        Files.createSymbolicLink(dir.resolve("text-transformer"), outside);
        runner.withPropertyValues("plinth.plugins.dir=" + dir, "plinth.reload.enabled=false").run(context -> {
            PluginRegistry registry = context.getBean(PluginRegistry.class);
            assertThat(registry.find("text-transformer")).hasValueSatisfying(info -> {
                assertThat(info.serving()).isFalse();
                assertThat(info.lastError().orElseThrow().message()).contains("outside the plugins folder");
            });
        });
        runner.withPropertyValues("plinth.plugins.dir=" + dir, "plinth.reload.enabled=false",
                "plinth.plugins.allow-symlinks-out-of-folder=true").run(context -> {
                    PluginRegistry registry = context.getBean(PluginRegistry.class);
                    assertThat(out(registry.call("text-transformer", "transform", bytes("linked")))).isEqualTo("LINKED");
                });
    }

    @Test
    void startsNewVersionsAsCanariesPerPluginPolicy(@TempDir Path dir) throws Exception {
        Path plugin = SamplePlugins.copy(dir, "text-transformer").resolve("text-transformer");
        runner.withPropertyValues("plinth.plugins.dir=" + dir, "plinth.reload.enabled=false",
                "plinth.canary.plugins.text-transformer.mode=canary",
                "plinth.canary.plugins.text-transformer.initial-weight=30",
                "plinth.canary.max-failure-rate=0.5", "management.endpoints.web.exposure.include=plugins")
                .run(context -> {
                    PlinthProperties properties = context.getBean(PlinthProperties.class);
                    CanaryPolicy policy = properties.getCanary().toPluginPolicies().get("text-transformer");
                    assertThat(policy.mode()).isEqualTo(CanaryPolicy.Mode.CANARY);
                    assertThat(policy.maxFailureRate()).isEqualTo(0.5);
                    assertThat(properties.getCanary().toPolicy().mode()).isEqualTo(CanaryPolicy.Mode.IMMEDIATE);

                    Path manifest = plugin.resolve("plugin.toml");
                    Files.writeString(manifest, Files.readString(manifest).replace("version = \"0.1.0\"",
                            "version = \"0.2.0\""));
                    PluginDeployments deployments = context.getBean(PluginDeployments.class);
                    deployments.reload("text-transformer");
                    assertThat(deployments.canary("text-transformer")).hasValueSatisfying(canary -> {
                        assertThat(canary.canaryVersion()).isEqualTo("0.2.0");
                        assertThat(canary.weight()).isEqualTo(30);
                    });

                    PluginsEndpoint endpoint = context.getBean(PluginsEndpoint.class);
                    assertThat(endpoint.plugins().plugins()).singleElement().satisfies(p -> {
                        assertThat(p.version()).isEqualTo("0.1.0");
                        assertThat(p.canary().version()).isEqualTo("0.2.0");
                    });
                    assertThat(endpoint.act("text-transformer", "canary", 60, null).getStatus()).isEqualTo(200);
                    assertThat(deployments.canary("text-transformer").orElseThrow().weight()).isEqualTo(60);
                    assertThat(endpoint.act("text-transformer", "promote", null, null).getStatus()).isEqualTo(200);
                    assertThat(context.getBean(PluginRegistry.class).find("text-transformer").orElseThrow().version())
                            .isEqualTo("0.2.0");
                    assertThat(endpoint.act("text-transformer", "rollback", null, null).getStatus()).isEqualTo(200);
                    assertThat(context.getBean(PluginRegistry.class).find("text-transformer").orElseThrow().version())
                            .isEqualTo("0.1.0");
                    assertThat(endpoint.act("text-transformer", "abort", null, null).getStatus()).isEqualTo(409);
                    var detail = (PluginDescriptors.PluginDetail) endpoint.plugin("text-transformer").getBody();
                    assertThat(detail.versions()).extracting(PluginDescriptors.VersionDescriptor::version)
                            .contains("0.1.0", "0.2.0");
                });
    }

    @Test
    void appliesThePolicyFileAndShowsTheGrantsOnTheEndpoint(@TempDir Path dir, @TempDir Path etc) throws Exception {
        Path plugin = SamplePlugins.copy(dir, "text-transformer").resolve("text-transformer");
        Path manifest = plugin.resolve("plugin.toml");
        Files.writeString(manifest, Files.readString(manifest)
                + "\n[permissions]\nfs = [\"read:/data\"]\nmemory = \"512MB\"\n");
        Path policy = etc.resolve("policy.toml");
        Files.writeString(policy, "[ceilings]\nmemory = \"96MB\"\n");
        runner.withPropertyValues("plinth.plugins.dir=" + dir, "plinth.reload.enabled=false",
                "plinth.policy-file=" + policy, "management.endpoints.web.exposure.include=plugins")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(out(context.getBean(PluginRegistry.class).call("text-transformer", "transform",
                            bytes("x")))).isEqualTo("X");
                    var detail = (PluginDescriptors.PluginDetail) context.getBean(PluginsEndpoint.class)
                            .plugin("text-transformer").getBody();
                    assertThat(detail.grants()).containsEntry("fs", java.util.List.of());
                    assertThat(detail.grants().get("limits")).asString().contains("memory=96MB");
                    // after one call: its linear memory, and the host heap its table and globals take, part of it
                    assertThat(detail.limits().peakHostMemoryBytes()).isPositive();
                    assertThat(detail.limits().peakMemoryBytes()).isGreaterThan(detail.limits().peakHostMemoryBytes());
                    assertThat(detail.limits().maxTableElements()).isEqualTo(100_000);
                    assertThat(detail.grants().get("notGranted")).asString()
                            .contains("read:/data", "not-granted", "512MB", "capped");
                });
    }

    @Test
    void healthIsDownWhenARequiredPluginIsMissing(@TempDir Path dir) {
        SamplePlugins.copy(dir, "text-transformer");
        runner.withPropertyValues("plinth.plugins.dir=" + dir, "plinth.reload.enabled=false",
                "plinth.health.required-plugins=text-transformer,ghost").run(context -> {
                    var health = context.getBean(PluginsHealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.getDetails()).containsEntry("notServing", java.util.Set.of("ghost"));
                });
    }

    @Test
    void exposesTheEndpointAndMetersWhenAsked(@TempDir Path dir) {
        SamplePlugins.copy(dir, "text-transformer");
        runner.withBean(SimpleMeterRegistry.class)
                .withPropertyValues("plinth.plugins.dir=" + dir, "plinth.reload.enabled=false",
                        "management.endpoints.web.exposure.include=plugins")
                .run(context -> {
                    assertThat(context).hasSingleBean(PluginsEndpoint.class).hasSingleBean(PluginMetrics.class);
                    context.getBean(PluginRegistry.class).call("text-transformer", "transform", bytes("x"));
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    assertThat(meters.find("plinth.plugin.calls").tags("plugin", "text-transformer", "outcome",
                            "success").timer().count()).isEqualTo(1);
                    assertThat(meters.find("plinth.plugin.instances").tag("plugin", "text-transformer").gauge()
                            .value()).isEqualTo(1);
                    assertThat(context.getBean(PluginsEndpoint.class).plugins().plugins()).singleElement()
                            .satisfies(p -> assertThat(p.calls()).isEqualTo(1));
                });
    }

    @Test
    void backsOffForTheApplicationsOwnRegistry(@TempDir Path dir) {
        SamplePlugins.copy(dir, "text-transformer");
        runner.withUserConfiguration(OwnRegistry.class)
                .withPropertyValues("own.dir=" + dir, "management.endpoints.web.exposure.include=plugins")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(GatedPluginRegistry.class)
                            .doesNotHaveBean(PluginEngine.class).doesNotHaveBean(PluginRegistryLifecycle.class)
                            .doesNotHaveBean(PluginDeployments.class);
                    assertThat(context.getBean(PluginRegistry.class)).isInstanceOf(PluginHost.class);
                    assertThat(context.getBean(ActivePlugins.class).active("text-transformer")).isPresent();
                    assertThat(context.getBean(TextClient.class).transform("own")).isEqualTo("OWN");
                    assertThat(context.getBean(PluginsEndpoint.class).act("text-transformer", "reload", null, null)
                            .getStatus()).isEqualTo(501);
                });
    }

    @Test
    void backsOffForTheApplicationsOwnEngine(@TempDir Path dir) {
        SamplePlugins.copy(dir, "text-transformer");
        runner.withUserConfiguration(OwnEngine.class)
                .withPropertyValues("plinth.plugins.dir=" + dir, "plinth.reload.enabled=false",
                        "plinth.limits.max-instances=2")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(PluginEngine.class)).isSameAs(context.getBean("ownEngine"));
                    assertThat(context.getBean(ActivePlugins.class).active("text-transformer").orElseThrow()
                            .limits().maxInstances()).isEqualTo(7);
                });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String out(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** An application that builds its own plain registry (and names its client packages). */
    @Configuration(proxyBeanMethods = false)
    @EnablePluginClients(basePackageClasses = TextClient.class)
    static class OwnRegistry {
        @Bean(destroyMethod = "close")
        PluginHost ownRegistry(org.springframework.core.env.Environment env) {
            PluginHost host = PluginHost.on(PluginEngine.builder().build());
            host.loadAll(Path.of(env.getRequiredProperty("own.dir")));
            return host;
        }
    }

    /** An application that builds its own engine, with its own limits. */
    @Configuration(proxyBeanMethods = false)
    static class OwnEngine {
        @Bean
        PluginEngine ownEngine() {
            return PluginEngine.builder().limits(PluginLimits.DEFAULTS.withMaxInstances(7)).build();
        }
    }
}
