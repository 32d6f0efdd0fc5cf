package dev.plinth.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.host.PluginVersion;
import dev.plinth.spring.ActivePlugins;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** {@code POST /api/plugins/{name}/functions/{function}}: outputs typed by codec, failures as problem JSON. */
@DemoIntegrationTest
class PluginCallApiTest extends DemoIntegrationTest.Base {
    @Autowired
    RestTestClient http;
    @Autowired
    ActivePlugins activePlugins;

    private RestTestClient.ResponseSpec call(String plugin, String function, byte[] body) {
        return http.post().uri("/api/plugins/{p}/functions/{f}", plugin, function)
                .contentType(MediaType.APPLICATION_OCTET_STREAM).body(body).exchange();
    }

    private RestTestClient.ResponseSpec call(String plugin, String function, String body) {
        return call(plugin, function, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void outputComesBackWithTheExportsContentType() {
        call("text-transformer", "transform", "make it loud").expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                .expectHeader().valueEquals("X-Plinth-Plugin-Version", "0.1.0")
                .expectBody(String.class).isEqualTo("MAKE IT LOUD");
        call("text-transformer", "count_vowels", "aaa").expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.count").isEqualTo(3);
        call("text-transformer", "echo", new byte[] {0, 1, 2, (byte) 0xff}).expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_OCTET_STREAM)
                .expectBody(byte[].class).isEqualTo(new byte[] {0, 1, 2, (byte) 0xff});
    }

    @Test
    void aFormEncodedBodyReachesThePluginAsSent() {
        // curl -d sends application/x-www-form-urlencoded; Spring would rebuild the body from the
        // parsed form as "hello+plinth=".
        http.post().uri("/api/plugins/text-transformer/functions/transform")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body("hello plinth").exchange()
                .expectStatus().isOk().expectBody(String.class).isEqualTo("HELLO PLINTH");
        http.post().uri("/api/plugins/text-transformer/functions/echo")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body("a=1&b=%20+").exchange()
                .expectStatus().isOk().expectBody(String.class).isEqualTo("a=1&b=%20+");
    }

    @Test
    void routingKeyHeaderIsAccepted() {
        http.post().uri("/api/plugins/text-transformer/functions/transform").header("X-Plinth-Routing-Key", "u-1")
                .contentType(MediaType.TEXT_PLAIN).body("abc").exchange()
                .expectStatus().isOk().expectBody(String.class).isEqualTo("ABC");
    }

    @Test
    void unknownPluginAndFunctionAre404() {
        problem(call("no-such-plugin", "run", "x"), 404, "not-found");
        problem(call("text-transformer", "no_such_export", "x"), 404, "not-found");
    }

    @Test
    void pluginErrorIs422WithThePluginsMessage() {
        problem(call("abi-fixtures", "fail", "x"), 422, "plugin-error")
                .jsonPath("$.pluginMessage").isEqualTo("validation failed: field x");
    }

    @Test
    void trapIs500() {
        problem(call("abi-fixtures", "trap", "x"), 500, "trap");
    }

    @Test
    void timeoutIs503() {
        problem(call("abi-fixtures", "spin", "x"), 503, "timeout");
    }

    @Test
    void tooLargeInputIs413() {
        problem(call("text-transformer", "echo", new byte[65 * 1024]), 413, "too-large");
    }

    @Test
    void busyIs429() throws Exception {
        HoldGates.close("a");
        try {
            CompletableFuture<Integer> held = CompletableFuture.supplyAsync(() -> call(SharedPlugins.HOLD, "hold_a",
                    "").returnResult().getStatus().value());
            TestPlugins.await(() -> activePlugins.active(SharedPlugins.HOLD).map(PluginVersion::busyInstances)
                    .orElse(0) == 1, Duration.ofSeconds(10));
            problem(call(SharedPlugins.HOLD, "hold_b", ""), 429, "busy");
            HoldGates.open("a");
            assertThat(held.get(30, TimeUnit.SECONDS)).isEqualTo(200);
        } finally {
            HoldGates.open("a");
        }
    }

    private RestTestClient.BodyContentSpec problem(RestTestClient.ResponseSpec response, int status, String code) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.type").isEqualTo("https://plinth.dev/errors/" + code)
                .jsonPath("$.code").isEqualTo(code)
                .jsonPath("$.detail").isNotEmpty();
    }
}
