package dev.plinth.spring.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginRegistry;
import dev.plinth.spring.SamplePlugins;
import dev.plinth.spring.autoconfigure.PlinthAutoConfiguration;
import dev.plinth.spring.autoconfigure.PlinthEndpointAutoConfiguration;
import dev.plinth.testing.ComponentWat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /actuator/plugins/{name}} of a plugin that is a WebAssembly component, beside a core-module plugin:
 * its kind, and its exports with their WIT types; the component serves byte calls through the registry bean.
 */
class ComponentEndpointTest {
    private static final String ECHO = """
            (component
              (core module $m
                (memory (export "mem") 1)
                (global $next (mut i32) (i32.const 1024))
                (func (export "realloc") (param i32 i32 i32 i32) (result i32)
                  (local $p i32)
                  global.get $next
                  local.get 2 i32.const 1 i32.sub i32.add
                  i32.const 0 local.get 2 i32.sub i32.and
                  local.tee $p
                  local.get 3 i32.add
                  global.set $next
                  local.get $p)
                (func (export "echo") (param i32 i32) (result i32)
                  i32.const 16 local.get 0 i32.store
                  i32.const 20 local.get 1 i32.store
                  i32.const 16))
              (core instance $i (instantiate $m))
              (alias core export $i "mem" (core memory $mem))
              (alias core export $i "realloc" (core func $realloc))
              (func $echo (param "text" string) (result string)
                (canon lift (core func $i "echo") (memory $mem) (realloc $realloc)))
              (export "echo" (func $echo)))
            """;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PlinthAutoConfiguration.class,
                    PlinthEndpointAutoConfiguration.class))
            .withPropertyValues("plinth.reload.enabled=false", "management.endpoints.web.exposure.include=plugins");

    @Test
    void aComponentShowsItsKindAndTypedExports(@TempDir Path dir) throws Exception {
        SamplePlugins.copy(dir, "text-transformer");
        Files.write(dir.resolve("echo.wasm"), ComponentWat.assemble(ECHO));
        runner.withPropertyValues("plinth.plugins.dir=" + dir).run(context -> {
            PluginsEndpoint endpoint = context.getBean(PluginsEndpoint.class);
            JsonMapper json = context.getBean(JsonMapper.class);
            byte[] echoed = context.getBean(PluginRegistry.class).call("echo", "echo",
                    "through the bean".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(echoed, StandardCharsets.UTF_8)).isEqualTo("through the bean");

            JsonNode component = json.valueToTree(endpoint.plugin("echo").getBody());
            JsonNode module = json.valueToTree(endpoint.plugin("text-transformer").getBody());

            assertThat(component.get("kind").asString()).isEqualTo("component");
            assertThat(component.get("exports").get(0).get("name").asString()).isEqualTo("echo");
            assertThat(component.get("exports").get(0).get("type").asString())
                    .isEqualTo("func(text: string) -> string");
            assertThat(component.get("calls").get("calls").asLong()).isEqualTo(1);
            assertThat(module.get("kind").asString()).isEqualTo("module");
            assertThat(module.get("exports").get(0).get("type").isNull()).isTrue();
            assertThat(component.get("world").isNull()).as("names no world").isTrue();
            assertThat(component.get("interfaceHash").asString()).matches("[0-9a-f]{64}");
            assertThat(module.get("interfaceHash").isNull()).isTrue();
        });
    }

    @Test
    void aComponentNamingAWorldOfTheHostsWitShowsItAndItsHash(@TempDir Path dir, @TempDir Path wit) throws Exception {
        Path plugin = Files.createDirectories(dir.resolve("echoer"));
        Files.write(plugin.resolve("echo.wasm"), ComponentWat.assemble(ECHO));
        Files.writeString(plugin.resolve("plugin.toml"), """
                [plugin]
                name = "echoer"
                version = "1.0.0"
                entrypoint = "echo.wasm"
                world = "my:echo/echoer@1.0.0"
                """);
        Files.writeString(wit.resolve("echo.wit"), """
                package my:echo@1.2.0;
                world echoer {
                    export echo: func(text: string) -> string;
                }
                """);
        runner.withPropertyValues("plinth.plugins.dir=" + dir, "plinth.wit.path=" + wit).run(context -> {
            PluginsEndpoint endpoint = context.getBean(PluginsEndpoint.class);
            JsonNode detail = context.getBean(JsonMapper.class).valueToTree(endpoint.plugin("echoer").getBody());
            assertThat(detail.get("status").asString()).isEqualTo("active");
            assertThat(detail.get("world").asString()).isEqualTo("my:echo/echoer@1.2.0");
            assertThat(detail.get("interfaceHash").asString()).matches("[0-9a-f]{64}");
        });
    }
}
