package dev.plinth.spring.dashboard;

import dev.plinth.api.CallRequest;
import dev.plinth.api.PluginRegistry;
import dev.plinth.api.deploy.PluginDeployments;
import dev.plinth.api.host.HostFunction;
import dev.plinth.spring.SamplePlugins;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A Spring MVC application with the starter, the actuator and the dashboard over three sample
 * plugins: text-transformer in canary mode, data-validator asking for network access it is not
 * granted, and log-enricher, which imports a host function the application offers but does not
 * grant, so it fails to load (refused, and audited).
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class DashboardApp {
    static final String CANARY_PLUGIN = "text-transformer";

    /** The host function log-enricher asks for; not granted, so its load is refused and audited. */
    @Bean
    HostFunction lookupContext() {
        return HostFunction.of("lookup-context", input -> input);
    }

    /** A running application and what the tests reach it by. */
    record Running(ConfigurableApplicationContext context, int port, Path plugins) implements AutoCloseable {
        PluginRegistry registry() {
            return context.getBean(PluginRegistry.class);
        }

        PluginDeployments deployments() {
            return context.getBean(PluginDeployments.class);
        }

        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }

        /** Calls {@code plugin}'s {@code function} {@code times} times with routing keys, ignoring failures. */
        void call(String plugin, String function, String input, int times) {
            for (int i = 0; i < times; i++) {
                try {
                    registry().call(CallRequest.of(plugin, function, input.getBytes(StandardCharsets.UTF_8))
                            .withRoutingKey("user-" + i));
                } catch (RuntimeException expected) {
                    // Failed calls are figures too: the dashboard counts them as errors.
                }
            }
        }

        /**
         * Rebuilds the canary plugin's {@code .wasm} (same code, an extra custom section, the same
         * version string) and reloads it: the new build starts as a canary.
         */
        void stageRebuiltCanary() {
            Path wasm;
            try (Stream<Path> files = Files.list(plugins.resolve(CANARY_PLUGIN))) {
                wasm = files.filter(f -> f.toString().endsWith(".wasm")).findFirst().orElseThrow();
                Files.write(wasm, withCustomSection(Files.readAllBytes(wasm)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            deployments().reload(CANARY_PLUGIN);
        }

        @Override
        public void close() {
            context.close();
        }
    }

    /** Starts the application on a random port over copies of the sample plugins in {@code dir}. */
    static Running start(Path dir, String... more) {
        SamplePlugins.copy(dir, CANARY_PLUGIN, "data-validator", "log-enricher");
        try {
            // An ask the policy does not grant: data-validator loads, and its grants show the shortfall.
            Files.writeString(dir.resolve("data-validator/plugin.toml"),
                    "\n[permissions]\nnet = [\"connect:api.example.com:443\"]\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] base = {"--server.port=0", "--plinth.plugins.dir=" + dir, "--plinth.reload.enabled=false",
                "--plinth.dashboard.enabled=true", "--plinth.dashboard.sample-interval=500ms",
                "--plinth.canary.plugins." + CANARY_PLUGIN + ".mode=canary",
                "--plinth.canary.plugins." + CANARY_PLUGIN + ".initial-weight=30",
                "--management.endpoints.web.exposure.include=health,plugins"};
        String[] all = Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(DashboardApp.class)
                .web(WebApplicationType.SERVLET).run(all);
        return new Running(context, ((WebServerApplicationContext) context).getWebServer().getPort(), dir);
    }

    /** The module with an empty custom section appended: a new build that runs the same. */
    private static byte[] withCustomSection(byte[] wasm) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(wasm);
        byte[] name = "plinth-dashboard-build".getBytes(StandardCharsets.UTF_8);
        out.write(0);
        out.write(name.length + 1);
        out.write(name.length);
        out.writeBytes(name);
        return out.toByteArray();
    }
}
