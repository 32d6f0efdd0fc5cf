package dev.plinth.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The guestbook sample in the demo, with the grants of the demo's application.yml: signed over the
 * plugin-call API, its events read back at {@code GET /api/events}, its entries at
 * {@code GET /api/store/guestbook}, its log in the data directory on disk, its status (with the
 * granted environment variable) on the actuator, and the page that shows them.
 */
@DemoIntegrationTest
class HostServicesApiTest extends DemoIntegrationTest.Base {
    private static final Pattern KEY = Pattern.compile("\"key\":\"(entry:\\d{6})\"");

    @Autowired
    RestTestClient http;

    private String sign(String name, String message) {
        String body = http.post().uri("/api/plugins/guestbook/functions/sign").contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\":\"" + name + "\",\"message\":\"" + message + "\"}").exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .returnResult(String.class).getResponseBody();
        Matcher key = KEY.matcher(body);
        assertThat(key.find()).as(body).isTrue();
        return key.group(1);
    }

    private String get(String uri, Object... vars) {
        return http.get().uri(uri, vars).exchange().expectStatus().isOk().returnResult(String.class).getResponseBody();
    }

    @Test
    void signedEntriesShowUpAsEventsInTheStoreAndOnDisk() throws Exception {
        String ada = sign("Ada", "Hello from the demo");
        String grace = sign("Grace", "Second entry");

        // events arrive on the engine's events thread: wait for both
        TestPlugins.await(() -> {
            String events = get("/api/events?plugin=guestbook");
            return events.contains("{\\\"key\\\":\\\"" + grace + "\\\",\\\"name\\\":\\\"Grace\\\"}");
        }, Duration.ofSeconds(10));
        http.get().uri("/api/events?plugin=guestbook&limit=2").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[0].plugin").isEqualTo("guestbook")
                .jsonPath("$[0].type").isEqualTo("guestbook.signed")
                .jsonPath("$[0].payload").isEqualTo("{\"key\":\"" + ada + "\",\"name\":\"Ada\"}")
                .jsonPath("$[0].versionId").value(v -> assertThat((String) v).startsWith("0.1.0@"))
                .jsonPath("$[0].receivedAt").isNotEmpty()
                .jsonPath("$[1].payload").isEqualTo("{\"key\":\"" + grace + "\",\"name\":\"Grace\"}");

        http.get().uri("/api/store/guestbook?prefix={p}", ada).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.plugin").isEqualTo("guestbook")
                .jsonPath("$.entries.length()").isEqualTo(1)
                .jsonPath("$.entries[0].key").isEqualTo(ada)
                .jsonPath("$.entries[0].value").isEqualTo("{\"name\":\"Ada\",\"message\":\"Hello from the demo\"}")
                .jsonPath("$.keys").value(n -> assertThat(((Number) n).longValue()).isGreaterThanOrEqualTo(3))
                .jsonPath("$.bytes").value(n -> assertThat(((Number) n).longValue()).isPositive());
        http.get().uri("/api/store/guestbook?prefix=seq").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.entries[0].key").isEqualTo("seq");

        Path log = SharedPlugins.dataDir().resolve("guestbook").resolve("guestbook.log");
        assertThat(Files.readString(log, StandardCharsets.UTF_8))
                .contains("signed\t" + ada + "\tAda\tHello from the demo\n", "signed\t" + grace + "\tGrace\tSecond entry\n");

        http.get().uri("/actuator/plugins/guestbook/lifecycle").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").value(status -> assertThat((String) status)
                        .contains("\"title\":\"Plinth guestbook\"", "\"owner\":\"the Plinth demo\""));
    }

    @Test
    void removingAnEntryIsAnEventAndLeavesTheStore() {
        String key = sign("Linus", "To be removed");
        http.post().uri("/api/plugins/guestbook/functions/remove").contentType(MediaType.TEXT_PLAIN).body(key)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.removed").isEqualTo(true);
        TestPlugins.await(() -> get("/api/events?plugin=guestbook").contains("\"type\":\"guestbook.removed\""),
                Duration.ofSeconds(10));
        http.get().uri("/api/store/guestbook?prefix={p}", key).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.entries.length()").isEqualTo(0);
    }

    @Test
    void aRefusedSignIsTheSignsOwnError() {
        http.post().uri("/api/plugins/guestbook/functions/sign").contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\":\"Ada\"}").exchange().expectStatus().isEqualTo(422).expectBody()
                .jsonPath("$.pluginMessage").isEqualTo("sign needs a non-empty \"name\" and \"message\"");
    }

    @Test
    void badQueriesAre400() {
        http.get().uri("/api/store/Not_A_Plugin").exchange().expectStatus().isBadRequest();
        http.get().uri("/api/events?limit=0").exchange().expectStatus().isBadRequest();
        http.get().uri("/api/store/guestbook?limit=1000").exchange().expectStatus().isBadRequest();
    }

    @Test
    void thePageShowsEventsAndTheStore() {
        String page = get("/guestbook.html");
        assertThat(page).contains("<title>Plinth guestbook</title>", "/api/events", "/api/store/guestbook",
                "/api/plugins/guestbook/functions/sign", "/api/plugins/guestbook/functions/welcome");
        // the demo configures no welcome-url (and grants no network): the plugin greets with its title
        http.post().uri("/api/plugins/guestbook/functions/welcome").exchange().expectStatus().isOk()
                .expectBody(String.class).isEqualTo("Welcome to Plinth guestbook");
    }
}
