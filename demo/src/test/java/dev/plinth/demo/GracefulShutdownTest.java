package dev.plinth.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.CallRequest;
import dev.plinth.api.CallResult;
import dev.plinth.api.PluginRegistry;
import dev.plinth.api.error.PluginBusyException;
import dev.plinth.spring.ActivePlugins;
import dev.plinth.spring.lifecycle.GatedPluginRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

/**
 * Closing the application lets calls in flight finish (one through HTTP, one straight on the
 * registry), refuses new ones with a busy error, then closes the plugins. Runs its own
 * application, since it closes it.
 */
class GracefulShutdownTest {

    @AfterEach
    void openGates() {
        HoldGates.open("a");
        HoldGates.open("b");
    }

    @Test
    void inFlightCallsFinishAndNewOnesAreRefused(@TempDir Path root) throws Exception {
        Path plugins = root.resolve("plugins");
        TestPlugins.watPlugin(plugins, "hold", TestPlugins.HOLD_WAT,
                TestPlugins.HOLD_PERMISSIONS.replace("max-instances = 1", "max-instances = 4"));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(PlinthDemoApplication.class,
                HoldGates.class)
                .run("--server.port=0", "--plinth.plugins.dir=" + plugins, "--plinth.data-dir=" + root.resolve("data"),
                        "--plinth.health.required-plugins=",
                        "--plinth.grants.hold.host-functions=hold",
                        "--spring.lifecycle.timeout-per-shutdown-phase=30s");
        PluginRegistry registry = context.getBean(PluginRegistry.class);
        GatedPluginRegistry gate = context.getBean(GatedPluginRegistry.class);
        ActivePlugins active = context.getBean(ActivePlugins.class);
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();

        HoldGates.close("a");
        HoldGates.close("b");
        // a thread per blocked caller and one for the close: the common pool has one thread on 2 cores
        ExecutorService callers = Executors.newFixedThreadPool(3);
        CompletableFuture<String> overHttp = CompletableFuture.supplyAsync(() -> RestClient.create()
                .post().uri("http://localhost:" + port + "/api/plugins/hold/functions/hold_a")
                .retrieve().toEntity(String.class).getStatusCode().toString(), callers);
        CompletableFuture<CallResult> direct = CompletableFuture.supplyAsync(
                () -> registry.call(CallRequest.of("hold", "hold_b", new byte[0])), callers);
        TestPlugins.await(() -> gate.callsInFlight() == 2, Duration.ofSeconds(10));

        CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close, callers);
        Thread.sleep(300);
        assertThat(gate.isAccepting()).as("plugins keep serving while the web server drains").isTrue();

        HoldGates.open("a");
        assertThat(overHttp.get(30, TimeUnit.SECONDS)).startsWith("200");

        TestPlugins.await(() -> !gate.isAccepting(), Duration.ofSeconds(20));
        assertThatThrownBy(() -> registry.call(CallRequest.of("hold", "hold_a", new byte[0])))
                .isInstanceOf(PluginBusyException.class).hasMessageContaining("shutting down");
        assertThat(direct).isNotDone();
        assertThat(closing).isNotDone();

        HoldGates.open("b");
        assertThat(new String(direct.get(30, TimeUnit.SECONDS).output(), StandardCharsets.UTF_8)).isEmpty();
        closing.get(30, TimeUnit.SECONDS);
        assertThat(active.active("hold")).isEmpty();
        callers.shutdown();
    }
}
