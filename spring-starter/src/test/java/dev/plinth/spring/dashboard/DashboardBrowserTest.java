package dev.plinth.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.deploy.CanaryState;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in Debian's headless Chromium, with actions enabled, over a real application and
 * real plugins: it lists the plugins with their version ids, shows calls made through the registry
 * as they happen (over server-sent events, without reloading), and its canary controls change the
 * registry; the rendered page is checked as an image. The tests run in order: each takes the
 * registry as the one before left it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    /** Where the screenshot of the rendered page is written; {@code -Dplinth.dashboard.screenshot=...} adds a copy. */
    static final Path SCREENSHOT = Path.of("target", "dashboard.png");
    private static final String CANARY = DashboardApp.CANARY_PLUGIN;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    static DashboardApp.Running app;
    static ChromeDriver browser;

    @BeforeAll
    static void start() throws IOException {
        browser = Chromium.start(Files.createDirectories(dir.resolve("profile")), 1440, 1450);
        app = DashboardApp.start(Files.createDirectories(dir.resolve("plugins")), "--plinth.dashboard.actions-enabled=true");
        app.stageRebuiltCanary();
        browser.get(app.url("/plinth"));
        waitUntil("the page lists three plugins", () -> browser.findElements(By.cssSelector("#plugins tr[data-plugin]")).size() == 3);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void listsThePluginsWithTheirVersionIds() {
        for (String plugin : List.of(CANARY, "data-validator")) {
            VersionInfo active = app.registry().list().stream()
                    .filter(i -> i.name().equals(plugin) && i.status() == PluginStatus.ACTIVE).findFirst().orElseThrow();
            assertThat(cellText(plugin, ".version-id")).isEqualTo(active.versionId().toString());
            assertThat(cellText(plugin, ".status")).isEqualTo("active");
        }
        VersionInfo failed = app.registry().list().stream().filter(i -> i.name().equals("log-enricher")).findFirst()
                .orElseThrow();
        assertThat(cellText("log-enricher", ".status")).isEqualTo("failed");
        assertThat(cellText("log-enricher", ".version-id")).isEqualTo(failed.versionId().toString());
        CanaryState canary = app.deployments().canary(CANARY).orElseThrow();
        assertThat(cellText(CANARY, ".canary-version-id")).isEqualTo(canary.canary().toString());
        assertThat(cellText(CANARY, ".canary-weight")).isEqualTo("30%");
        assertThat(cellText(CANARY, ".version-id"))
                .as("canary and active are the same version string, told apart by digest")
                .isNotEqualTo(canary.canary().toString());
    }

    @Test
    @Order(2)
    void aCallThroughTheRegistryShowsUpLive() {
        browser.executeScript("window.plinthTestMarker = 'not reloaded';");
        long before = Long.parseLong(cellText("data-validator", ".calls"));

        app.call("data-validator", "validate", "{\"id\":\"1\",\"email\":\"a@example.org\"}", 7);

        waitUntil("the page shows the 7 calls", () -> cellText("data-validator", ".calls").equals(String.valueOf(before + 7)));
        assertThat(browser.executeScript("return window.plinthTestMarker;")).as("updated in place, over SSE")
                .isEqualTo("not reloaded");
        assertThat(browser.findElement(By.id("live")).getAttribute("data-state")).isEqualTo("open");
        waitUntil("the calls chart draws a line", () -> !browser.findElements(
                By.cssSelector(".chart-card[data-plugin='data-validator'] .calls-chart path[data-series='active']")).isEmpty());
    }

    @Test
    @Order(3)
    void theWeightControlMovesTheCanary() {
        WebElement input = row(CANARY).findElement(By.cssSelector("input.weight-input"));
        input.clear();
        input.sendKeys("60");
        row(CANARY).findElement(By.cssSelector("button.set-weight")).click();

        waitUntil("the registry's canary takes 60%", () -> app.deployments().canary(CANARY).map(CanaryState::weight)
                .orElse(-1) == 60);
        waitUntil("the page shows 60%", () -> cellText(CANARY, ".canary-weight").equals("60%"));
    }

    @Test
    @Order(4)
    void theRenderedPageLooksLikeADashboard() throws IOException {
        app.call(CANARY, "transform", "hello plinth", 60);
        app.call("data-validator", "validate", "{\"id\":\"2\"}", 4);
        sleep(1200);
        app.call(CANARY, "transform", "hello again", 90);
        app.call("data-validator", "validate", "{\"id\":\"3\",\"email\":\"b@example.org\"}", 20);
        sleep(1200);
        app.call(CANARY, "transform", "and again", 40);
        app.call(CANARY, "no_such_export", "x", 5);
        row("data-validator").findElement(By.cssSelector(".name")).click();
        waitUntil("the grants of data-validator show what was not granted", () -> !browser.findElements(
                By.cssSelector("#grants .not-granted-item")).isEmpty());
        assertThat(text("#grants .not-granted-item"))
                .contains("connect:api.example.com:443");
        waitUntil("the audit log shows the refused host function", () -> text("#audit tbody").contains("log-enricher"));
        sleep(1200);

        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT, png);
        String copy = System.getProperty("plinth.dashboard.screenshot");
        if (copy != null && !copy.isBlank()) {
            Files.write(Path.of(copy), png);
        }

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(1440);
        assertThat(image.getHeight()).isGreaterThan(800);
        assertThat(png.length).as("a page with text and charts, not a blank one").isGreaterThan(40_000);
        assertThat(luminance(image.getRGB(8, 8))).as("the dark header").isLessThan(80);
        assertThat(luminance(image.getRGB(700, 600))).as("light cards below it").isGreaterThan(180);
        assertThat(colours(image, 0, 60, image.getWidth(), 360)).as("the plugin table renders text and badges")
                .isGreaterThan(30);
        WebElement chart = browser.findElement(By.cssSelector(".chart-card[data-plugin='" + CANARY + "'] .calls-chart"));
        int x = chart.getLocation().getX(), y = chart.getLocation().getY();
        assertThat(hasColour(image, x, y, chart.getSize().getWidth(), chart.getSize().getHeight(), 0x2f6fde))
                .as("the calls chart draws the active version's line in blue").isTrue();
        assertThat(hasColour(image, x, y, chart.getSize().getWidth(), chart.getSize().getHeight(), 0xe08a1e))
                .as("and the canary's in orange").isTrue();
    }

    @Test
    @Order(5)
    void rollingBackFromTheBrowserEndsTheCanary() {
        String canary = app.deployments().canary(CANARY).orElseThrow().canary().toString();

        row(CANARY).findElement(By.cssSelector("button.rollback")).click();

        waitUntil("the registry has no canary", () -> app.deployments().canary(CANARY).isEmpty());
        VersionInfo rolledBack = app.deployments().history(CANARY).stream()
                .filter(v -> v.versionId().toString().equals(canary)).findFirst().orElseThrow();
        assertThat(rolledBack.status().text()).isEqualTo("rolled-back");
        waitUntil("the page shows no canary", () -> cellText(CANARY, ".canary").equals("none"));
    }

    private static WebElement row(String plugin) {
        return browser.findElement(By.cssSelector("#plugins tr[data-plugin='" + plugin + "']"));
    }

    /** The text of a cell of a plugin's row, read in one step (the page redraws its cells as samples come). */
    private static String cellText(String plugin, String cell) {
        return text("#plugins tr[data-plugin='" + plugin + "'] " + cell);
    }

    /** The rendered text of the first element {@code selector} finds, or "" when there is none. */
    private static String text(String selector) {
        Object text = browser.executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : '';", selector);
        return String.valueOf(text);
    }

    static void waitUntil(String what, Supplier<Boolean> condition) {
        new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class).withMessage(what)
                .until(driver -> condition.get());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int luminance(int rgb) {
        return (((rgb >> 16) & 0xff) * 299 + ((rgb >> 8) & 0xff) * 587 + (rgb & 0xff) * 114) / 1000;
    }

    private static int colours(BufferedImage image, int x, int y, int width, int height) {
        Set<Integer> seen = new HashSet<>();
        for (int j = y; j < Math.min(image.getHeight(), y + height); j += 2) {
            for (int i = x; i < Math.min(image.getWidth(), x + width); i += 2) {
                seen.add(image.getRGB(i, j) & 0xffffff);
            }
        }
        return seen.size();
    }

    /** Whether a pixel within 40 of {@code rgb} on each channel is in the region. */
    private static boolean hasColour(BufferedImage image, int x, int y, int width, int height, int rgb) {
        for (int j = y; j < Math.min(image.getHeight(), y + height); j++) {
            for (int i = x; i < Math.min(image.getWidth(), x + width); i++) {
                int p = image.getRGB(i, j);
                if (Math.abs(((p >> 16) & 0xff) - ((rgb >> 16) & 0xff)) < 40
                        && Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff)) < 40
                        && Math.abs((p & 0xff) - (rgb & 0xff)) < 40) {
                    return true;
                }
            }
        }
        return false;
    }
}
