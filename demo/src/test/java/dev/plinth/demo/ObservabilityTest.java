package dev.plinth.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginRegistry;
import dev.plinth.api.VersionInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * What the demo shows an operator's tools over HTTP: the call timer with its tags and buckets in
 * {@code /actuator/prometheus}, and Plinth's, Chicory's and the JVM's versions in {@code /actuator/info}.
 */
@DemoIntegrationTest
class ObservabilityTest extends DemoIntegrationTest.Base {
    @Autowired
    RestTestClient http;
    @Autowired
    PluginRegistry plugins;

    @Test
    void prometheusShowsTheCallTimerWithItsVersionTagsAndBuckets() {
        http.post().uri("/api/text/shout").body("hello").exchange().expectStatus().isOk();
        VersionInfo serving = plugins.find("text-transformer").orElseThrow();

        String scrape = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        List<String> buckets = scrape.lines().filter(line -> line.startsWith("plinth_plugin_calls_seconds_bucket{")
                && line.contains("plugin=\"text-transformer\"") && line.contains("function=\"transform\"")).toList();
        assertThat(buckets).as("the histogram's and the SLO bounds' buckets").hasSizeGreaterThan(20)
                .allSatisfy(line -> assertThat(line).contains("version=\"" + serving.version() + "\"")
                        .contains("digest=\"" + serving.versionId().shortDigest() + "\""))
                .anySatisfy(line -> assertThat(line).contains("le=\"0.025\""))
                .anySatisfy(line -> assertThat(line).contains("le=\"+Inf\""));
        assertThat(scrape).contains("# TYPE plinth_plugin_calls_seconds histogram");
    }

    @Test
    void infoShowsPlinthChicoryAndTheJvm() {
        http.get().uri("/actuator/info").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.plinth.version").isEqualTo(System.getProperty("plinth.expected.version"))
                .jsonPath("$.plinth.chicory").isEqualTo(System.getProperty("plinth.expected.chicory"))
                .jsonPath("$.plinth.jvm.vendor").isEqualTo(System.getProperty("java.vm.vendor"))
                .jsonPath("$.plinth.jvm.version").isEqualTo(Runtime.version().toString());
    }
}
