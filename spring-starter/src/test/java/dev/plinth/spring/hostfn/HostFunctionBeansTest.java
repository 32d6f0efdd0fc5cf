package dev.plinth.spring.hostfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginRegistry;
import dev.plinth.api.host.HostCallContext;
import dev.plinth.spring.SamplePlugins;
import dev.plinth.spring.autoconfigure.PlinthAutoConfiguration;
import dev.plinth.spring.client.EnablePluginClients;
import dev.plinth.spring.client.PluginClient;
import dev.plinth.spring.client.PluginFunction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** {@link PluginHostFunction} bean methods reach plugins that ask for them, without ordering trouble. */
class HostFunctionBeansTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PlinthAutoConfiguration.class));

    @Test
    void beanMethodsAreOfferedToPluginsThatAskForThem(@TempDir Path dir) {
        SamplePlugins.copyFixture(dir, "abi-fixtures");
        SamplePlugins.copy(dir, "log-enricher");
        runner.withUserConfiguration(HostFunctions.class)
                .withPropertyValues("plinth.plugins.dir=" + dir, "plinth.reload.enabled=false",
                        "plinth.grants.abi-fixtures.host-functions=echo-host",
                        "plinth.grants.log-enricher.host-functions=lookup-context")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    PluginRegistry registry = context.getBean(PluginRegistry.class);
                    assertThat(text(registry.call("abi-fixtures", "host_echo", "ping".getBytes(StandardCharsets.UTF_8))))
                            .isEqualTo("ping (from abi-fixtures.host_echo)");
                    String enriched = text(registry.call("log-enricher", "enrich",
                            "{\"message\":\"hi\",\"user\":\"u-1\"}".getBytes(StandardCharsets.UTF_8)));
                    assertThat(enriched).contains("\"context\":{\"key\":\"u-1\",\"tier\":\"gold\"}");
                });
    }

    @Test
    void anOfferedHostFunctionIsNotGrantedWithoutAGrant(@TempDir Path dir) {
        SamplePlugins.copyFixture(dir, "abi-fixtures");
        runner.withUserConfiguration(HostFunctions.class)
                .withPropertyValues("plinth.plugins.dir=" + dir, "plinth.reload.enabled=false")
                .run(context -> assertThat(context.getBean(PluginRegistry.class).list())
                        .singleElement().satisfies(info -> assertThat(info.lastError().orElseThrow().message())
                                .contains("echo-host", "does not grant")));
    }

    @Test
    void aBadGrantPropertyStopsStartupNamingIt(@TempDir Path dir) {
        runner.withPropertyValues("plinth.plugins.dir=" + dir, "plinth.grants.abi-fixtures.fs=read:etc")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("plinth.grants.abi-fixtures.fs[0]: \"read:etc\" is not a file-system rule"));
    }

    @Test
    void aHostFunctionBeanMayDependOnAPluginClient(@TempDir Path dir) {
        SamplePlugins.copyFixture(dir, "abi-fixtures");
        SamplePlugins.copy(dir, "text-transformer");
        runner.withUserConfiguration(ShoutingEcho.class)
                .withPropertyValues("plinth.plugins.dir=" + dir, "plinth.reload.enabled=false",
                        "plinth.grants.abi-fixtures.host-functions=*")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(text(context.getBean(PluginRegistry.class).call("abi-fixtures", "host_echo",
                            "quiet".getBytes(StandardCharsets.UTF_8)))).isEqualTo("QUIET");
                });
    }

    @Test
    void refusesMethodsWithTwoPayloads() throws Exception {
        assertThatThrownBy(() -> BeanMethodHostFunction.of("two", null, "bean",
                TwoPayloads.class.getDeclaredMethod("two", String.class, String.class), JsonMapper::shared))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("more than one payload");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Configuration(proxyBeanMethods = false)
    static class HostFunctions {
        @Bean
        Functions functions() {
            return new Functions();
        }
    }

    /** Host functions in every shape the starter supports. */
    static class Functions {
        @PluginHostFunction("echo-host")
        String echo(String text, HostCallContext context) {
            return text + " (from " + context.pluginName() + "." + context.function() + ")";
        }

        @PluginHostFunction("lookup-context")
        Map<String, String> lookup(String key) {
            Map<String, String> context = new TreeMap<>();
            context.put("key", key);
            context.put("tier", "gold");
            return context;
        }
    }

    /** A host function whose bean needs a typed plugin bean, which needs the engine. */
    @Configuration(proxyBeanMethods = false)
    @EnablePluginClients(clients = Shouter.class)
    static class ShoutingEcho {
        @Bean
        Echo echo(Shouter shouter) {
            return new Echo(shouter);
        }
    }

    @PluginClient("text-transformer")
    interface Shouter {
        @PluginFunction("transform")
        String shout(String text);
    }

    static class Echo {
        private final Shouter shouter;

        Echo(Shouter shouter) {
            this.shouter = shouter;
        }

        @PluginHostFunction("echo-host")
        byte[] echo(byte[] block) {
            return shouter.shout(new String(block, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        }
    }

    static class TwoPayloads {
        String two(String a, String b) {
            return a + b;
        }
    }
}
