package dev.plinth.spring.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginRegistry;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.component.binding.Wit;
import dev.plinth.component.value.Value;
import dev.plinth.host.PluginEngine;
import dev.plinth.spring.autoconfigure.PlinthAutoConfiguration;
import dev.plinth.spring.lifecycle.GatedPluginRegistry;
import dev.plinth.testing.LookupComponent;
import java.nio.file.Path;
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
 * An application bean implementing the WIT interface {@code my:app/lookup@1.0.0} provides it to the component
 * plugins that import it: to the one whose manifest asks for it and whose grant gives it; one that asks
 * without the grant, and one that does not ask, are refused at load and audited, and the bean is never called
 * for them.
 */
class WitImportBeanTest {
    /** The interface as bindgen writes it for {@code interface lookup { price: func(item: string) -> u32; }}. */
    @Wit("my:app/lookup@1.0.0")
    public interface Lookup {
        @Wit("price")
        long price(String item);
    }

    /** The application's implementation. */
    static class Prices implements Lookup {
        final List<String> asked = new CopyOnWriteArrayList<>();

        @Override
        public long price(String item) {
            asked.add(item);
            return item.length() * 10L;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({JacksonAutoConfiguration.class, PlinthAutoConfiguration.class})
    static class App {
        @Bean
        Prices prices() {
            return new Prices();
        }
    }

    @TempDir
    static Path dir;
    static ConfigurableApplicationContext context;

    @BeforeAll
    static void start() throws Exception {
        LookupComponent.write(dir, "shop", LookupComponent.ASKS);
        LookupComponent.write(dir, "thief", LookupComponent.ASKS);
        LookupComponent.write(dir, "sneak", "");
        context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .run("--plinth.plugins.dir=" + dir, "--plinth.reload.enabled=false",
                        "--plinth.grants.shop.host-functions=my:app/lookup@1.0.0",
                        "--plinth.grants.sneak.host-functions=my:app/lookup@1.0.0");
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void theGrantedPluginCallsTheBean() {
        GatedPluginRegistry registry = context.getBean(GatedPluginRegistry.class);
        assertThat(registry.find("shop").orElseThrow().status()).isEqualTo(PluginStatus.ACTIVE);

        assertThat(registry.component("shop", Optional.empty()).call("quote", List.of()))
                .containsExactly(new Value.U32(51));
        assertThat(context.getBean(Prices.class).asked).containsExactly("apple");
    }

    @Test
    void askingWithoutTheGrantOrNotAskingIsRefusedAtLoadAndAudited() {
        PluginRegistry registry = context.getBean(PluginRegistry.class);
        VersionInfo thief = registry.find("thief").orElseThrow();
        VersionInfo sneak = registry.find("sneak").orElseThrow();

        assertThat(thief.status()).isEqualTo(PluginStatus.FAILED);
        assertThat(thief.lastError().orElseThrow().code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(thief.lastError().orElseThrow().message())
                .contains("my:app/lookup@1.0.0, which its manifest asks for but the security policy does not grant");
        assertThat(sneak.status()).isEqualTo(PluginStatus.FAILED);
        assertThat(sneak.lastError().orElseThrow().message())
                .contains("imports my:app/lookup@1.0.0 but its manifest does not ask for it");
        PluginEngine engine = context.getBean(PluginEngine.class);
        for (String name : List.of("thief", "sneak")) {
            assertThat(engine.auditLog().recent(name, 10)).anySatisfy(entry ->
                    assertThat(entry.what()).isEqualTo(ErrorCode.PERMISSION_DENIED));
        }
    }
}
