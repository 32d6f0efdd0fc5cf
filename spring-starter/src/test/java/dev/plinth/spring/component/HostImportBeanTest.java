package dev.plinth.spring.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginRegistry;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginException;
import dev.plinth.host.PluginEngine;
import dev.plinth.spring.autoconfigure.PlinthAutoConfiguration;
import dev.plinth.spring.client.EnablePluginClients;
import dev.plinth.spring.component.shelf.ShelfClient;
import dev.plinth.spring.component.shelf.ShelfImports;
import dev.plinth.spring.component.shelf.Store;
import dev.plinth.testing.ComponentWat;
import dev.plinth.testing.ShelfWat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Beans implementing what bindgen generated from world {@code my:app/shelf@1.0.0} ({@link ShelfWat#WIT}) provide a
 * component's own function import ({@code log-line}, through {@link ShelfImports}) and the resource
 * {@code cursor} of its imported interface {@code my:app/store@1.0.0} (through {@link Store}: the constructor
 * returns the bean's object, the guest holds a handle, {@code close()} runs at its drop), called through the
 * generated {@code @PluginClient} {@link ShelfClient} in a real Spring context. A forged handle is
 * {@code BAD_HANDLE} before the bean runs, audited; a plugin asking without the grant is refused at load, audited.
 */
class HostImportBeanTest {
    /** The world's own import, as the application writes it. */
    static class ShelfLog implements ShelfImports {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void logLine(String s) {
            lines.add(s);
        }
    }

    /** The store: a cursor over the items with a prefix. */
    static class Cursors implements Store {
        static final List<String> ITEMS = List.of("apple", "apricot", "banana");
        final List<String> nexts = new CopyOnWriteArrayList<>();
        final List<String> closed = new CopyOnWriteArrayList<>();

        @Override
        public Store.Cursor newCursor(String prefix) {
            Iterator<String> items = ITEMS.stream().filter(i -> i.startsWith(prefix)).iterator();
            return new Store.Cursor() {
                @Override
                public Optional<String> next() {
                    nexts.add(prefix);
                    return items.hasNext() ? Optional.of(items.next()) : Optional.empty();
                }

                @Override
                public void close() {
                    closed.add(prefix);
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({JacksonAutoConfiguration.class, PlinthAutoConfiguration.class})
    @EnablePluginClients(clients = ShelfClient.class)
    static class App {
        @Bean
        ShelfLog shelfLog() {
            return new ShelfLog();
        }

        @Bean
        Cursors cursors() {
            return new Cursors();
        }
    }

    @TempDir
    static Path dir;
    static ConfigurableApplicationContext context;

    private static void plugin(String name) throws Exception {
        Path plugin = Files.createDirectories(dir.resolve(name));
        Files.write(plugin.resolve(name + ".wasm"), ComponentWat.assemble(ShelfWat.WAT));
        Files.writeString(plugin.resolve("plugin.toml"), """
                [plugin]
                name = "%s"
                version = "1.0.0"
                entrypoint = "%s.wasm"

                [permissions]
                host-functions = ["my:app/store@1.0.0", "my:app/shelf@1.0.0"]
                """.formatted(name, name));
    }

    @BeforeAll
    static void start() throws Exception {
        plugin("shelf");
        plugin("thief");
        context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .run("--plinth.plugins.dir=" + dir, "--plinth.reload.enabled=false",
                        "--plinth.limits.max-instances=1",
                        "--plinth.grants.shelf.host-functions=my:app/store@1.0.0,my:app/shelf@1.0.0",
                        "--plinth.grants.thief.host-functions=my:app/store@1.0.0");
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void theGeneratedClientCallsAComponentServedByTheBeans() {
        VersionInfo info = context.getBean(PluginRegistry.class).find("shelf").orElseThrow();
        assertThat(info.status()).as(info.lastError().map(Object::toString).orElse("")).isEqualTo(PluginStatus.ACTIVE);
        ShelfClient shelf = context.getBean(ShelfClient.class);
        ShelfLog log = context.getBean(ShelfLog.class);
        Cursors cursors = context.getBean(Cursors.class);

        assertThat(shelf.count("ap")).isEqualTo(2);
        assertThat(log.lines).containsExactly("apple", "apricot");
        assertThat(cursors.closed).containsExactly("ap");

        // a handle the guest made up: stopped before the bean's cursor is called, audited; the plugin serves on
        List<String> before = List.copyOf(cursors.nexts);
        assertThatThrownBy(() -> shelf.forge(5)).isInstanceOfSatisfying(PluginException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.TRAP);
            assertThat(e.getMessage()).contains("handle");
        });
        assertThat(cursors.nexts).isEqualTo(before);
        assertThat(context.getBean(PluginEngine.class).auditLog().recent("shelf", 10))
                .anySatisfy(e -> assertThat(e.resource()).isEqualTo("forge (canonical ABI BAD_HANDLE)"));
        assertThat(shelf.count("b")).isEqualTo(1);
        assertThat(log.lines).containsExactly("apple", "apricot", "banana");
    }

    @Test
    void askingWithoutTheGrantIsRefusedAtLoadAndAudited() {
        VersionInfo thief = context.getBean(PluginRegistry.class).find("thief").orElseThrow();

        assertThat(thief.status()).isEqualTo(PluginStatus.FAILED);
        assertThat(thief.lastError().orElseThrow().code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(thief.lastError().orElseThrow().message()).contains("imports log-line")
                .contains("the security policy does not grant to plugin thief");
        assertThat(context.getBean(PluginEngine.class).auditLog().recent("thief", 10)).anySatisfy(entry ->
                assertThat(entry.what()).isEqualTo(ErrorCode.PERMISSION_DENIED));
    }
}
