package dev.plinth.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.deploy.CanaryState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard with its actions left off (the default): the page shows the plugins and no
 * controls, and its API refuses every action with 403 while reads still answer.
 */
class ReadOnlyDashboardTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static DashboardApp.Running app;

    @BeforeAll
    static void start() throws IOException {
        app = DashboardApp.start(Files.createDirectories(dir.resolve("plugins")));
        app.stageRebuiltCanary();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void theApiRefusesActionsAndTheRegistryStaysAsItWas() throws Exception {
        CanaryState before = app.deployments().canary(DashboardApp.CANARY_PLUGIN).orElseThrow();
        for (String body : new String[] {"{\"action\":\"rollback\"}", "{\"action\":\"canary\",\"weight\":90}"}) {
            HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(
                    app.url("/plinth/api/plugins/" + DashboardApp.CANARY_PLUGIN)))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(JsonMapper.shared().readTree(refused.body()).get("detail").asString())
                    .contains("plinth.dashboard.actions-enabled");
        }
        assertThat(app.deployments().canary(DashboardApp.CANARY_PLUGIN)).contains(before);

        HttpResponse<String> state = send(HttpRequest.newBuilder(URI.create(app.url("/plinth/api/state"))).GET());
        assertThat(state.statusCode()).isEqualTo(200);
        JsonNode json = JsonMapper.shared().readTree(state.body());
        assertThat(json.get("actionsEnabled").asBoolean()).isFalse();
        assertThat(json.get("plugins")).hasSize(3);
    }

    @Test
    void thePageShowsNoControls() throws IOException {
        ChromeDriver browser = Chromium.start(Files.createDirectories(dir.resolve("profile")), 1280, 900);
        try {
            browser.get(app.url("/plinth"));
            new WebDriverWait(browser, Duration.ofSeconds(20)).withMessage("the page lists three plugins")
                    .until(d -> d.findElements(By.cssSelector("#plugins tr[data-plugin]")).size() == 3);
            assertThat(browser.findElements(By.cssSelector("#plugins tbody button"))).isEmpty();
            assertThat(browser.findElements(By.cssSelector("#plugins tbody input"))).isEmpty();
            assertThat(browser.findElements(By.cssSelector("#plugins tbody .actions-col"))).isEmpty();
            assertThat(browser.findElement(By.id("mode")).getText()).isEqualTo("read-only");
            // the table's cells are redrawn on every sample pushed over SSE: read the cell afresh each time
            new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class)
                    .withMessage("the canary is shown at 30%, only not controlled")
                    .until(d -> d.findElement(By.cssSelector("#plugins tr[data-plugin='text-transformer'] .canary-weight"))
                            .getText().equals("30%"));
        } finally {
            browser.quit();
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
