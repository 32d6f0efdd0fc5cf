package dev.plinth.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Spring MVC application with the starter and no handler of its own answers plugin failures
 * with problem JSON, over real HTTP, from real plugins: one status per kind of failure.
 */
class ServletProblemDetailsTest {
    @TempDir
    static Path dir;
    static ConfigurableApplicationContext context;
    static int port;

    @BeforeAll
    static void start() {
        context = new SpringApplicationBuilder(ProblemApp.class).web(WebApplicationType.SERVLET)
                .run(ProblemApp.arguments(ProblemApp.plugins(dir)));
        port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    static JsonNode problem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode body = JsonMapper.shared().readTree(response.body());
        assertThat(body.get("type").asString()).isEqualTo(PluginProblems.TYPE_BASE + code);
        assertThat(body.get("code").asString()).isEqualTo(code);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("title").asString()).isNotBlank();
        assertThat(body.get("detail").asString()).isNotBlank();
        return body;
    }

    private static HttpResponse<String> call(String plugin, String function, String body) {
        return ProblemApp.post(port, "/call/" + plugin + "/" + function, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aMissingPluginOrExportIs404() {
        JsonNode body = problem(call("no-such-plugin", "run", "x"), 404, "not-found");
        assertThat(body.get("instance").asString()).isEqualTo("/call/no-such-plugin/run");
        problem(call("text-transformer", "no_such_export", "x"), 404, "not-found");
        problem(ProblemApp.post(port, "/client/not-exported", new byte[0]), 404, "not-found");
    }

    @Test
    void anInputOverTheLimitIs413() {
        problem(ProblemApp.post(port, "/call/text-transformer/echo", new byte[4096]), 413, "too-large");
    }

    @Test
    void thePluginsOwnErrorIs422WithItsMessage() {
        JsonNode body = problem(call("abi-fixtures", "fail", "x"), 422, "plugin-error");
        assertThat(body.get("pluginMessage").asString()).isNotBlank();
    }

    @Test
    void aTrapIs500() {
        problem(call("abi-fixtures", "trap", "x"), 500, "trap");
    }

    @Test
    void anExhaustedBudgetIs503WithRetryAfter() {
        HttpResponse<String> response = call("abi-fixtures", "spin", "x");
        problem(response, 503, "fuel-exhausted");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void aFutureOfATypedClientFailsAsProblemJsonToo() {
        problem(ProblemApp.post(port, "/client/fail-later", new byte[0]), 422, "plugin-error");
        HttpResponse<String> echoed = ProblemApp.post(port, "/client/echo-later",
                "later".getBytes(StandardCharsets.UTF_8));
        assertThat(echoed.statusCode()).isEqualTo(200);
        assertThat(echoed.body()).isEqualTo("later");
    }

    @Test
    void theHostKeepsServingAfterEveryFailure() {
        call("abi-fixtures", "trap", "x");
        HttpResponse<String> ok = call("text-transformer", "transform", "still here");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("STILL HERE");
    }

    @Test
    void healthShowsTheTypedClientMethodThePluginDoesNotExport() {
        JsonNode health = JsonMapper.shared().readTree(ProblemApp.get(port, "/actuator/health").body());
        JsonNode fixtures = health.at("/components/plugins/details/plugins/abi-fixtures");
        assertThat(fixtures.get("clientMismatches").toString())
                .contains("Fixtures.notExported calls \\\"notExported\\\" or \\\"not_exported\\\"", "exports ")
                .contains("echo", "fail");
        assertThat(health.get("status").asString()).isEqualTo("UP");
    }
}
