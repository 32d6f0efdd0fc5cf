package dev.plinth.demo;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** {@code POST /api/plugins/{name}/functions/{function}/batch}: results in order, one failure alone. */
@DemoIntegrationTest
class BatchCallApiTest extends DemoIntegrationTest.Base {
    @Autowired
    RestTestClient http;

    @Test
    void everyInputGetsItsOutputInOrder() {
        http.post().uri("/api/plugins/text-transformer/functions/transform/batch")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"inputs\": [\"one\", \"two\", \"three\"], \"parallelism\": 2}").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.succeeded").isEqualTo(3)
                .jsonPath("$.failed").isEqualTo(0)
                .jsonPath("$.results[0].output").isEqualTo("ONE")
                .jsonPath("$.results[1].output").isEqualTo("TWO")
                .jsonPath("$.results[2].output").isEqualTo("THREE")
                .jsonPath("$.results[2].version").isEqualTo("0.1.0");
    }

    @Test
    void aFailingInputFailsAlone() {
        http.post().uri("/api/plugins/abi-fixtures/functions/fail/batch")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"inputs\": [\"x\", \"y\"]}").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.failed").isEqualTo(2)
                .jsonPath("$.results[0].code").isEqualTo("plugin-error");
        http.post().uri("/api/plugins/text-transformer/functions/transform/batch")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"inputs\": [\"ok\"], \"parallelism\": 99}").exchange()
                .expectStatus().isBadRequest();
    }
}
