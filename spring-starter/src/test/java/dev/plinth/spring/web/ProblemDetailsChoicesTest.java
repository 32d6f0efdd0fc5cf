package dev.plinth.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.error.PluginNotFoundException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The starter's problem JSON can be turned off, and an application's own handler wins over it. */
class ProblemDetailsChoicesTest {
    @TempDir
    Path dir;

    /** An application that answers a missing plugin its own way and leaves every other failure to the starter. */
    @RestControllerAdvice
    static class OwnNotFoundHandler {
        @ExceptionHandler(PluginNotFoundException.class)
        ResponseEntity<String> notFound(PluginNotFoundException e) {
            return ResponseEntity.status(HttpStatus.GONE).body("gone: " + e.getMessage());
        }
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Test
    void turnedOffAPluginFailureIsSpringsPlain500() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ProblemApp.class)
                .web(WebApplicationType.SERVLET)
                .run(ProblemApp.arguments(ProblemApp.plugins(dir), "--plinth.web.problem-details=false"))) {
            assertThat(context.getBeansOfType(ServletPluginProblemHandler.class)).isEmpty();
            HttpResponse<String> response = ProblemApp.post(port(context), "/call/abi-fixtures/fail",
                    "x".getBytes(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).doesNotContain(PluginProblems.TYPE_BASE);
        }
    }

    @Test
    void theApplicationsOwnHandlerWinsAndTheStarterHandlesTheRest() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ProblemApp.class,
                OwnNotFoundHandler.class).web(WebApplicationType.SERVLET)
                .run(ProblemApp.arguments(ProblemApp.plugins(dir)))) {
            HttpResponse<String> missing = ProblemApp.post(port(context), "/call/nothing/run", new byte[0]);
            assertThat(missing.statusCode()).isEqualTo(410);
            assertThat(missing.body()).startsWith("gone: ");
            HttpResponse<String> failed = ProblemApp.post(port(context), "/call/abi-fixtures/fail",
                    "x".getBytes(StandardCharsets.UTF_8));
            ServletProblemDetailsTest.problem(failed, 422, "plugin-error");
        }
    }
}
