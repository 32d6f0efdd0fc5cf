package dev.plinth.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The demo runs in {@code canary} mode: a new version of a serving plugin starts as a canary, and
 * the operator actions of {@code POST /actuator/plugins/{name}} move it (weight, promote, rollback).
 */
@DemoIntegrationTest
class CanaryActionsTest extends DemoIntegrationTest.Base {
    private static final String NAME = "canary-demo";
    private static final String EXPORTS = "[exports.run]\ninput = \"bytes\"\noutput = \"text\"";
    /** The second version: the same export and one more, so that its checksum differs. */
    private static final String SECOND_WAT = """
            (module
              (memory (export "memory") 1)
              (func (export "run") (result i32) (i32.const 0))
              (func (export "other") (result i32) (i32.const 0)))
            """;

    @Autowired
    RestTestClient http;

    @Test
    void aNewVersionStartsAsACanaryThatTheOperatorMovesPromotesAndRollsBack() {
        Path folder = TestPlugins.watPlugin(SharedPlugins.dir(), NAME, TestPlugins.NOOP_WAT, EXPORTS);
        TestPlugins.await(() -> "1.0.0".equals(servingVersion("anyone")), Duration.ofSeconds(15));

        replaceWithSecondVersion(folder);
        TestPlugins.await(() -> http.get().uri("/actuator/plugins/{name}", NAME).exchange().returnResult(String.class)
                .getResponseBody().contains("\"canary\":{\"version\":\"1.1.0\""), Duration.ofSeconds(15));
        http.get().uri("/actuator/plugins/{name}", NAME).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.canary.weight").isEqualTo(10);

        action("{\"action\":\"canary\",\"weight\":100}").expectStatus().isOk()
                .expectBody().jsonPath("$.now.canary.weight").isEqualTo(100);
        assertThat(servingVersion("user-1")).isEqualTo("1.1.0");

        action("{\"action\":\"promote\"}").expectStatus().isOk().expectBody()
                .jsonPath("$.now.version").isEqualTo("1.1.0")
                .jsonPath("$.now.status").isEqualTo("active")
                .jsonPath("$.now.canary").doesNotExist();

        action("{\"action\":\"rollback\"}").expectStatus().isOk().expectBody()
                .jsonPath("$.now.version").isEqualTo("1.0.0");
        assertThat(servingVersion("user-1")).isEqualTo("1.0.0");
    }

    private String servingVersion(String routingKey) {
        return http.post().uri("/api/plugins/{name}/functions/run", NAME).header("X-Plinth-Routing-Key", routingKey)
                .contentType(MediaType.APPLICATION_OCTET_STREAM).body(new byte[0]).exchange()
                .returnResult(byte[].class).getResponseHeaders().getFirst("X-Plinth-Plugin-Version");
    }

    private RestTestClient.ResponseSpec action(String json) {
        return http.post().uri("/actuator/plugins/{name}", NAME).contentType(MediaType.APPLICATION_JSON).body(json)
                .exchange();
    }

    /** Writes version 1.1.0's module and manifest beside the folder, then moves each into place at once. */
    private static void replaceWithSecondVersion(Path folder) {
        Path staging = folder.resolveSibling("." + NAME + "-next");
        Path wasm = TestPlugins.wat2wasm(SECOND_WAT, staging.resolve(NAME + ".wasm"));
        Path manifest = staging.resolve("plugin.toml");
        TestPlugins.write(manifest, """
                [plugin]
                name = "%s"
                version = "1.1.0"
                entrypoint = "%s.wasm"
                %s
                """.formatted(NAME, NAME, EXPORTS));
        try {
            Files.move(wasm, folder.resolve(wasm.getFileName()), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            Files.move(manifest, folder.resolve("plugin.toml"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            Files.delete(staging);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
