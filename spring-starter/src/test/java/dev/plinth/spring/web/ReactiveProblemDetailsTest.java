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

/** The same application on WebFlux (Netty) answers plugin failures with the same problem JSON. */
class ReactiveProblemDetailsTest {
    @TempDir
    static Path dir;
    static ConfigurableApplicationContext context;
    static int port;

    @BeforeAll
    static void start() {
        context = new SpringApplicationBuilder(ProblemApp.class).web(WebApplicationType.REACTIVE)
                .run(ProblemApp.arguments(ProblemApp.plugins(dir)));
        port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void theReactiveHandlerIsTheOneInPlace() {
        assertThat(context.getBeansOfType(ReactivePluginProblemHandler.class)).hasSize(1);
        assertThat(context.getBeansOfType(ServletPluginProblemHandler.class)).isEmpty();
    }

    @Test
    void failuresBecomeProblemJson() {
        JsonNode missing = ServletProblemDetailsTest.problem(
                ProblemApp.post(port, "/call/no-such-plugin/run", new byte[0]), 404, "not-found");
        assertThat(missing.get("instance").asString()).isEqualTo("/call/no-such-plugin/run");
        ServletProblemDetailsTest.problem(ProblemApp.post(port, "/call/abi-fixtures/fail",
                "x".getBytes(StandardCharsets.UTF_8)), 422, "plugin-error");
        ServletProblemDetailsTest.problem(ProblemApp.post(port, "/call/abi-fixtures/trap",
                "x".getBytes(StandardCharsets.UTF_8)), 500, "trap");
        ServletProblemDetailsTest.problem(ProblemApp.post(port, "/client/fail-later", new byte[0]), 422,
                "plugin-error");
    }

    @Test
    void aFutureOfATypedClientCompletesTheResponse() {
        HttpResponse<String> echoed = ProblemApp.post(port, "/client/echo-later",
                "reactive".getBytes(StandardCharsets.UTF_8));
        assertThat(echoed.statusCode()).isEqualTo(200);
        assertThat(echoed.body()).isEqualTo("reactive");
    }
}
