package dev.plinth.spring.client;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.plinth.api.PluginRegistry;
import dev.plinth.api.VersionInfo;
import dev.plinth.spring.autoconfigure.PlinthAutoConfiguration;
import dev.plinth.spring.autoconfigure.PlinthHealthAutoConfiguration;
import dev.plinth.spring.health.PluginsHealthIndicator;
import dev.plinth.testing.Wat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * A typed client is checked against every version that loads: a new version that drops an export
 * the client calls is reported when it loads (a warning naming the method) and in health, which
 * goes down for a required plugin.
 */
class ClientContractsReloadTest {
    @TempDir
    Path dir;

    /** The client the application compiled against: both exports of the first version. */
    @PluginClient(plugin = "shop")
    interface ShopClient {
        String price(String item);

        String stockLevel(String item);
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({JacksonAutoConfiguration.class, PlinthAutoConfiguration.class,
            PlinthHealthAutoConfiguration.class})
    @EnablePluginClients(clients = ShopClient.class)
    static class App {
    }

    private void writeShop(String version, String... exports) throws IOException {
        StringBuilder wat = new StringBuilder("(module\n");
        for (String export : exports) {
            wat.append("  (func (export \"").append(export).append("\") (result i32) i32.const 0)\n");
        }
        Path folder = Files.createDirectories(dir.resolve("shop"));
        Files.write(folder.resolve("shop.wasm"), Wat.assemble(wat.append(")").toString()));
        Files.writeString(folder.resolve("plugin.toml"), """
                [plugin]
                name = "shop"
                version = "%s"
                entrypoint = "shop.wasm"
                """.formatted(version));
    }

    @Test
    void aVersionThatDropsAnExportIsReportedWhenItLoads() throws Exception {
        writeShop("1.0.0", "price", "stock_level");
        Logger contractsLog = (Logger) LoggerFactory.getLogger(ClientContracts.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE).run("--plinth.plugins.dir=" + dir, "--plinth.reload.enabled=true",
                        "--plinth.reload.debounce=50ms", "--plinth.health.required-plugins=shop")) {
            // after the start: Spring Boot sets logging up afresh while it starts
            warnings.start();
            contractsLog.addAppender(warnings);
            PluginsHealthIndicator health = context.getBean(PluginsHealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(warnings.list).isEmpty();

            writeShop("2.0.0", "price");
            PluginRegistry registry = context.getBean(PluginRegistry.class);
            VersionInfo second = awaitServing(registry, "2.0.0");

            assertThat(context.getBean(ClientContracts.class).mismatches(second)).singleElement()
                    .asString().contains("ShopClient.stockLevel calls \"stockLevel\" or \"stock_level\"",
                            "it exports price");
            assertThat(warnings.list).extracting(ILoggingEvent::getFormattedMessage)
                    .singleElement().asString().contains("shop 2.0.0", "ShopClient.stockLevel");
            Health down = health.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails().get("clientMismatches").toString()).contains("shop");
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> plugins = (Map<String, Map<String, Object>>) down.getDetails()
                    .get("plugins");
            assertThat(plugins.get("shop").get("clientMismatches").toString()).contains("stockLevel");
        } finally {
            contractsLog.detachAppender(warnings);
        }
    }

    private static VersionInfo awaitServing(PluginRegistry registry, String version) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            Optional<VersionInfo> found = registry.list().stream()
                    .filter(v -> v.name().equals("shop") && v.version().equals(version) && v.serving()).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("shop " + version + " did not start serving: " + registry.list());
    }
}
