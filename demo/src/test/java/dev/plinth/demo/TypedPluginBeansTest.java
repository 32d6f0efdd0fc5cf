package dev.plinth.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.error.PluginFailureException;
import dev.plinth.demo.logs.LogEnricher;
import dev.plinth.demo.text.TextTransformer;
import dev.plinth.demo.validation.DataValidator;
import dev.plinth.demo.validation.DataValidator.Customer;
import dev.plinth.demo.validation.DataValidator.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

/** The typed plugin beans, injected directly and behind the demo's endpoints. */
@DemoIntegrationTest
class TypedPluginBeansTest extends DemoIntegrationTest.Base {
    @Autowired
    RestTestClient http;
    @Autowired
    DataValidator validator;
    @Autowired
    TextTransformer transformer;
    @Autowired
    LogEnricher enricher;

    @Test
    void recordsRoundTripThroughJson() {
        List<Verdict> verdicts = validator.validate(List.of(
                new Customer(1L, "ada@example.com", "Ada", "London", 36),
                new Customer(null, "nope", null, null, 200)));

        assertThat(verdicts).containsExactly(
                new Verdict(0, true, List.of()),
                new Verdict(1, false, List.of("id: is required", "email: not an email address",
                        "age: greater than 150")));
    }

    @Test
    void textExportsAndSnakeCaseNames() {
        assertThat(transformer.transform("hello plinth", "user-1")).isEqualTo("HELLO PLINTH");
        TextTransformer.VowelCount count = transformer.countVowels("Hello, World!");
        assertThat(count.count()).isEqualTo(3);
        assertThat(count.vowels()).isEqualTo("aeiouAEIOU");
    }

    @Test
    void hostFunctionBeanAnswersThePlugin() {
        JsonNode line = enricher.enrich("{\"level\":\"warn\",\"message\":\"disk full\",\"user\":\"u-42\"}");
        assertThat(line.get("level").asString()).isEqualTo("warn");
        assertThat(line.get("context").get("plan").asString()).isEqualTo("pro");
        assertThat(enricher.enrich("hello").get("context").get("region").asString()).isEqualTo("eu-west");
    }

    @Test
    void pluginFailuresSurfaceAsPluginApiExceptions() {
        assertThatThrownBy(() -> validator.validate(null))
                .isInstanceOf(PluginFailureException.class)
                .hasMessageContaining("input must be a JSON object or an array of objects");
    }

    @Test
    void validateEndpointUsesTheTypedBean() {
        http.post().uri("/api/validate").contentType(MediaType.APPLICATION_JSON)
                .body("[{\"id\":7,\"email\":\"grace@example.com\"},{\"id\":8,\"email\":\"x\"}]")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.valid").isEqualTo(false)
                .jsonPath("$.verdicts[0].valid").isEqualTo(true)
                .jsonPath("$.verdicts[1].errors[0]").isEqualTo("email: not an email address");
    }

    @Test
    void shoutEndpointUsesTheTypedBean() {
        http.post().uri("/api/text/shout").contentType(MediaType.TEXT_PLAIN).body("quiet please")
                .header("X-Plinth-Routing-Key", "user-7")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.text").isEqualTo("QUIET PLEASE")
                .jsonPath("$.vowels").isEqualTo(6);
    }

    @Test
    void shoutTakesTheBodyAsSentWhateverItsContentType() {
        for (MediaType type : new MediaType[] {MediaType.APPLICATION_FORM_URLENCODED, MediaType.APPLICATION_JSON}) {
            http.post().uri("/api/text/shout").contentType(type).body("hello plinth").exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.text").isEqualTo("HELLO PLINTH")
                    .jsonPath("$.vowels").isEqualTo(3);
        }
        http.post().uri("/api/logs/enrich").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("ERROR payment declined").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.level").isEqualTo("error").jsonPath("$.message").isEqualTo("payment declined");
    }

    @Test
    void logEndpointUsesTheHostFunction() {
        http.post().uri("/api/logs/enrich").contentType(MediaType.TEXT_PLAIN).body("ERROR payment declined")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.level").isEqualTo("error")
                .jsonPath("$.service").isEqualTo("checkout")
                .jsonPath("$.context.team").isEqualTo("payments");
    }
}
