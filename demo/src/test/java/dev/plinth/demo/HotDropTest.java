package dev.plinth.demo;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** A plugin copied into the folder while the application runs becomes callable, without a restart. */
@DemoIntegrationTest
class HotDropTest extends DemoIntegrationTest.Base {
    @Autowired
    RestTestClient http;

    @Test
    void droppedInPluginBecomesCallable() {
        String name = "late-arrival";
        call(name).expectStatus().isNotFound();

        TestPlugins.watPlugin(SharedPlugins.dir(), name, TestPlugins.NOOP_WAT,
                "[exports.run]\ninput = \"bytes\"\noutput = \"text\"");

        TestPlugins.await(() -> call(name).returnResult().getStatus().value() == 200, Duration.ofSeconds(15));
        call(name).expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                .expectHeader().valueEquals("X-Plinth-Plugin-Version", "1.0.0");
        http.get().uri("/actuator/plugins/{name}", name).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("active");
    }

    private RestTestClient.ResponseSpec call(String name) {
        return http.post().uri("/api/plugins/{name}/functions/run", name)
                .contentType(MediaType.APPLICATION_OCTET_STREAM).body(new byte[0]).exchange();
    }
}
