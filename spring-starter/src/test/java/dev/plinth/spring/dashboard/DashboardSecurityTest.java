package dev.plinth.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.ClassUtils;

/**
 * With Spring Security on the class path (this test's own surefire execution), the dashboard's
 * page and API let in only authenticated users, its actions also need the CSRF token the page
 * sends back, and the rest of the application stays under Boot's own default security.
 */
class DashboardSecurityTest {
    private static final String USER = "operator";
    private static final String PASSWORD = "s3cret-for-tests";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static DashboardApp.Running app;

    @BeforeAll
    static void start() throws IOException {
        // In the module's other test run (Spring Security left off the class path, and -Dtest can pick this class).
        Assumptions.assumeTrue(ClassUtils.isPresent("org.springframework.security.web.SecurityFilterChain", null),
                "Spring Security is not on this run's class path; the dashboard-security surefire execution runs this test");
        app = DashboardApp.start(Files.createDirectories(dir.resolve("plugins")), "--plinth.dashboard.actions-enabled=true",
                "--spring.security.user.name=" + USER, "--spring.security.user.password=" + PASSWORD);
        app.stageRebuiltCanary();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void anUnauthenticatedRequestIsRefused() throws Exception {
        for (String path : List.of("/plinth", "/plinth/", "/plinth/api/state", "/plinth/api/events",
                "/plinth/assets/dashboard.js")) {
            assertThat(get(path, null).statusCode()).as(path).isEqualTo(401);
        }
        HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(app.url("/plinth/api/plugins/text-transformer")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"rollback\"}")));
        assertThat(post.statusCode()).isIn(401, 403);
        assertThat(app.deployments().canary(DashboardApp.CANARY_PLUGIN)).isPresent();
        assertThat(get("/plinth", "operator:wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void anAuthenticatedUserSeesTheDashboard() throws Exception {
        HttpResponse<String> page = get("/plinth", USER + ":" + PASSWORD);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Plinth dashboard");
        assertThat(get("/plinth/api/state", USER + ":" + PASSWORD).body()).contains("text-transformer");
    }

    @Test
    void anActionNeedsTheCsrfTokenTooAndWorksWithIt() throws Exception {
        String auth = basic(USER + ":" + PASSWORD);
        HttpResponse<String> page = get("/plinth", USER + ":" + PASSWORD);
        String token = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("XSRF-TOKEN="))
                .map(c -> c.substring("XSRF-TOKEN=".length(), c.indexOf(';'))).findFirst().orElseThrow();
        HttpRequest.Builder action = HttpRequest.newBuilder(URI.create(app.url("/plinth/api/plugins/text-transformer")))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"canary\",\"weight\":45}"));

        int weight = app.deployments().canary(DashboardApp.CANARY_PLUGIN).orElseThrow().weight();
        // 403 from the CSRF check, which Boot's error page (behind its own default chain) may turn into 401.
        assertThat(send(action).statusCode()).as("no CSRF token").isIn(401, 403);
        assertThat(app.deployments().canary(DashboardApp.CANARY_PLUGIN).orElseThrow().weight()).isEqualTo(weight);
        HttpResponse<String> done = send(action.header("Cookie", "XSRF-TOKEN=" + token).header("X-XSRF-TOKEN", token));

        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(app.deployments().canary(DashboardApp.CANARY_PLUGIN).orElseThrow().weight()).isEqualTo(45);
    }

    @Test
    void theRestOfTheApplicationKeepsBootsDefaultSecurity() throws Exception {
        assertThat(get("/actuator/plugins", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/plugins", USER + ":" + PASSWORD).statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> get(String path, String credentials) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.url(path))).GET();
        if (credentials != null) {
            request.header("Authorization", basic(credentials));
        }
        if (path.endsWith("/events")) {
            request.timeout(java.time.Duration.ofSeconds(5));
        }
        return send(request);
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
