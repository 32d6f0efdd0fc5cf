package dev.plinth.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** {@code /actuator/plugins}, {@code /actuator/health} and the Micrometer meters of the demo. */
@DemoIntegrationTest
class ActuatorTest extends DemoIntegrationTest.Base {
    @Autowired
    RestTestClient http;
    @Autowired
    PluginRegistry plugins;
    @Autowired
    MeterRegistry meters;

    @Test
    void listsEveryPluginWithItsFigures() {
        plugins.call("text-transformer", "transform", "x".getBytes(StandardCharsets.UTF_8));
        http.get().uri("/actuator/plugins").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.pluginsDir").isEqualTo(SharedPlugins.dir().toAbsolutePath().normalize().toString())
                .jsonPath("$.plugins[?(@.name == 'text-transformer')].status").isEqualTo("active")
                .jsonPath("$.plugins[?(@.name == 'text-transformer')].version").isEqualTo("0.1.0")
                .jsonPath("$.plugins[?(@.name == 'text-transformer')].sha256").value(v -> assertThat(v.toString())
                        .matches("\\[\"[0-9a-f]{64}\"\\]"))
                .jsonPath("$.plugins[?(@.name == 'text-transformer')].calls").value(v -> assertThat(v.toString())
                        .isNotEqualTo("[0]"))
                .jsonPath("$.plugins[?(@.name == 'text-transformer')].p99Millis").exists()
                .jsonPath("$.plugins[?(@.name == 'data-validator')].canary").isEqualTo(java.util.Collections
                        .singletonList(null))
                .jsonPath("$.plugins.length()").value(n -> assertThat((Integer) n).isGreaterThanOrEqualTo(5));
    }

    @Test
    void showsOnePluginsVersionsExportsPermissionsAndLimits() {
        http.get().uri("/actuator/plugins/log-enricher").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.name").isEqualTo("log-enricher")
                .jsonPath("$.versions[0].version").isEqualTo("0.1.0")
                .jsonPath("$.versions[0].status").isEqualTo("active")
                .jsonPath("$.exports[0].name").isEqualTo("enrich")
                .jsonPath("$.exports[0].input").isEqualTo("text")
                .jsonPath("$.exports[0].output").isEqualTo("json")
                .jsonPath("$.permissions.hostFunctions[0]").isEqualTo("lookup-context")
                .jsonPath("$.grants.hostFunctions[0]").isEqualTo("lookup-context")
                .jsonPath("$.grants.clock").isEqualTo("frozen")
                .jsonPath("$.limits.maxInputBytes").isEqualTo(64 * 1024)
                .jsonPath("$.limits.callTimeoutMillis").isEqualTo(5000);
        http.get().uri("/actuator/plugins/abi-fixtures").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.limits.callTimeoutMillis").isEqualTo(500);
        http.get().uri("/actuator/plugins/nothing-here").exchange().expectStatus().isNotFound();
    }

    @Test
    void recentErrorsAndLastErrorAreShown() {
        try {
            plugins.call("abi-fixtures", "fail", new byte[0]);
        } catch (RuntimeException expected) {
            // the failure is what is shown
        }
        http.get().uri("/actuator/plugins/abi-fixtures").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.lastError.code").isNotEmpty()
                .jsonPath("$.calls.recentErrors[?(@.function == 'fail')].code").value(v -> assertThat(v.toString())
                        .contains("plugin-error"))
                .jsonPath("$.calls.outcomes['plugin-error']").exists();
    }

    @Test
    void refusalsAndLimitHitsShowInTheAuditEntries() {
        try {
            plugins.call("text-transformer", "echo", new byte[65 * 1024]);
        } catch (RuntimeException expected) {
            // over plinth.limits.max-input: refused and audited
        }
        http.get().uri("/actuator/plugins/text-transformer").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.audit[?(@.code == 'too-large')].action").value(v -> assertThat(v.toString())
                        .contains("refused"));
    }

    @Test
    void runsOperatorActions() {
        action("text-transformer", "{\"action\":\"reload\"}").expectStatus().isOk()
                .expectBody()
                .jsonPath("$.action").isEqualTo("reload")
                .jsonPath("$.now.status").isEqualTo("active");
        action("text-transformer", "{\"action\":\"promote\"}").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").isEqualTo("plugin text-transformer has no canary");
        action("text-transformer", "{\"action\":\"rollback\"}").expectStatus().isEqualTo(409);
        action("text-transformer", "{\"action\":\"canary\",\"weight\":50}").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("no canary"));
        action("text-transformer", "{\"action\":\"canary\",\"weight\":101}").expectStatus().isBadRequest();
        action("text-transformer", "{\"action\":\"canary\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("https://plinth.dev/errors/bad-action");
        action("text-transformer", "{\"action\":\"launch\"}").expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://plinth.dev/errors/bad-action")
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("reload, promote, rollback"));
        action("nothing-here", "{\"action\":\"abort\"}").expectStatus().isNotFound();
    }

    private RestTestClient.ResponseSpec action(String plugin, String json) {
        return http.post().uri("/actuator/plugins/{name}", plugin).contentType(MediaType.APPLICATION_JSON).body(json)
                .exchange();
    }

    @Test
    void healthIsDownWhileARequiredPluginIsMissing() throws Exception {
        http.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.components.plugins.status").isEqualTo("UP")
                .jsonPath("$.components.plugins.details.plugins.text-transformer.serving").isEqualTo(true);

        Path probe = SharedPlugins.dir().resolve(SharedPlugins.HEALTH_PROBE);
        Path aside = Files.move(probe, probe.resolveSibling("../health-probe-aside"));
        try {
            awaitHealth(503);
            http.get().uri("/actuator/health").exchange()
                    .expectBody()
                    .jsonPath("$.components.plugins.status").isEqualTo("DOWN")
                    .jsonPath("$.components.plugins.details.notServing[0]").isEqualTo(SharedPlugins.HEALTH_PROBE);
        } finally {
            Files.move(aside, probe);
        }
        awaitHealth(200);
    }

    private void awaitHealth(int status) {
        TestPlugins.await(() -> http.get().uri("/actuator/health").exchange().returnResult().getStatus()
                .value() == status, Duration.ofSeconds(15));
    }

    @Test
    void metersCarryTheirTags() {
        plugins.call("text-transformer", "transform", "meter me".getBytes(StandardCharsets.UTF_8));
        try {
            plugins.call("abi-fixtures", "spin", new byte[0]);
        } catch (RuntimeException expected) {
            // a timeout: a violation
        }

        try {
            plugins.call("text-transformer", "made_up_" + System.nanoTime(), new byte[0]);
        } catch (RuntimeException expected) {
            // not-found
        }
        assertThat(meters.find("plinth.plugin.calls").tags("plugin", "text-transformer", "function", "unknown",
                "outcome", "not-found").timer()).isNotNull();

        Timer calls = meters.find("plinth.plugin.calls").tags("plugin", "text-transformer", "version", "0.1.0",
                "function", "transform", "outcome", "success").timer();
        assertThat(calls).isNotNull();
        assertThat(calls.count()).isPositive();
        assertThat(meters.find("plinth.plugin.calls").tags("plugin", "abi-fixtures", "function", "spin",
                "outcome", "timeout").timer()).isNotNull();
        assertThat(meters.find("plinth.plugin.violations").tags("plugin", "abi-fixtures", "code", "timeout")
                .counter().count()).isPositive();
        assertThat(meters.find("plinth.plugin.instances").tag("plugin", "text-transformer").gauge().value())
                .isGreaterThanOrEqualTo(1);
        assertThat(meters.find("plinth.plugin.reloads").tags("plugin", "text-transformer", "type", "loaded")
                .counter().count()).isPositive();
        assertThat(meters.find("plinth.plugin.fuel").tag("plugin", "text-transformer").summary()).isNotNull();

        http.get().uri("/actuator/metrics/plinth.plugin.calls?tag=plugin:text-transformer&tag=outcome:success")
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.measurements[0].statistic").isEqualTo("COUNT");
    }
}
