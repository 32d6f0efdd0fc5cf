package dev.plinth.spring.web;

import dev.plinth.api.CallRequest;
import dev.plinth.api.PluginRegistry;
import dev.plinth.api.host.HostFunction;
import dev.plinth.spring.SamplePlugins;
import dev.plinth.spring.client.EnablePluginClients;
import dev.plinth.spring.client.PluginClient;
import dev.plinth.spring.client.PluginFunction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot application with the starter and no error handling of its own: endpoints that
 * call plugins through the registry and through a typed client, blocking and asynchronously.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnablePluginClients(clients = ProblemApp.Fixtures.class)
@Import(ProblemApp.Calls.class)
class ProblemApp {

    /** A typed client of the ABI fixtures, one method per way to fail. */
    @PluginClient(plugin = "abi-fixtures")
    interface Fixtures {
        @PluginFunction("fail")
        CompletableFuture<String> failLater(String input);

        @PluginFunction("echo")
        CompletableFuture<String> echoLater(String input);

        String notExported(String input);
    }

    @RestController
    static class Calls {
        private final PluginRegistry registry;
        private final Fixtures fixtures;

        Calls(PluginRegistry registry, Fixtures fixtures) {
            this.registry = registry;
            this.fixtures = fixtures;
        }

        @PostMapping("/call/{plugin}/{function}")
        byte[] call(@PathVariable String plugin, @PathVariable String function, @RequestBody(required = false)
                byte[] body) {
            return registry.call(CallRequest.of(plugin, function, body == null ? new byte[0] : body)).output();
        }

        @PostMapping("/client/not-exported")
        String notExported() {
            return fixtures.notExported("x");
        }

        @PostMapping("/client/fail-later")
        CompletableFuture<String> failLater() {
            return fixtures.failLater("x");
        }

        @PostMapping("/client/echo-later")
        CompletableFuture<String> echoLater(@RequestBody String body) {
            return fixtures.echoLater(body);
        }
    }

    /** The plugins folder every test application serves: text-transformer and the ABI fixtures. */
    static Path plugins(Path dir) {
        SamplePlugins.copy(dir, "text-transformer");
        SamplePlugins.copyFixture(dir, "abi-fixtures");
        return dir;
    }

    /** The command-line arguments of a test application on a random port over {@code dir}. */
    static String[] arguments(Path dir, String... more) {
        String[] base = {"--server.port=0", "--plinth.plugins.dir=" + dir, "--plinth.reload.enabled=false",
                "--plinth.limits.max-input=1KB", "--plinth.limits.fuel=5000000",
                "--plinth.grants.abi-fixtures.host-functions=echo-host",
                "--management.endpoints.web.exposure.include=health",
                "--management.endpoint.health.show-details=always"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The host function the ABI fixtures import; these tests never call it. */
    @Bean
    HostFunction echoHost() {
        return HostFunction.of("echo-host", input -> input);
    }

    /** A POST over real HTTP. */
    static HttpResponse<String> post(int port, String path, byte[] body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A GET over real HTTP. */
    static HttpResponse<String> get(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
