package dev.plinth.spring.hostfn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginRegistry;
import dev.plinth.api.PluginVars;
import dev.plinth.api.host.RawHostFunction;
import dev.plinth.api.host.WasmType;
import dev.plinth.api.host.WasmValues;
import dev.plinth.host.PluginEngine;
import dev.plinth.spring.autoconfigure.PlinthAutoConfiguration;
import dev.plinth.spring.autoconfigure.PlinthEndpointAutoConfiguration;
import dev.plinth.spring.endpoint.PluginDescriptors.PluginDetail;
import dev.plinth.spring.endpoint.PluginsEndpoint;
import dev.plinth.testing.ExtismWat;
import dev.plinth.testing.Wat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * In a real application context: a {@link RawHostFunction} bean in a custom namespace and a
 * {@link PluginHostFunction} bean method in another reach a plugin shaped like go-pdk output; vars
 * the application presets through the engine bean are read by the plugin, vars the plugin sets are
 * read back; and the {@code plugins} endpoint shows how many vars there are and their size, never
 * their keys or values.
 */
class RawHostFunctionBeansTest {
    private static final String NAME = "go-vars";
    private static final String SECRET_KEY = "api-token";
    private static final String SECRET_VALUE = "s3cr3t-value";

    /** Keys in the data segment: "sum" at 0, "api-token" at 16. */
    private static final String WAT = """
            (module
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "length" (func $length (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
              (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
              (import "extism:host/env" "var_get" (func $var_get (param i64) (result i64)))
              (import "extism:host/env" "var_set" (func $var_set (param i64 i64)))
              (import "host" "hostAdd" (func $main.hostAdd (param i32 i32) (result i32)))
              (import "example" "shout" (func $main.shout (param i64) (result i64)))
              (memory (export "memory") 1)
              (data (i32.const 0) "sum")
              (data (i32.const 16) "api-token")
            """ + ExtismWat.memoryBlock("$key") + """
              (func (export "add") (result i32)
                (local $o i64)
                (local.set $o (call $alloc (i64.const 8)))
                (call $store_u64 (local.get $o)
                  (i64.extend_i32_s (call $main.hostAdd (i32.const 40) (i32.const 2))))
                (call $var_set (call $key (i32.const 0) (i32.const 3)) (local.get $o))
                (call $output_set (local.get $o) (i64.const 8))
                (i32.const 0))
              (func (export "shoutToken") (result i32)
                (local $v i64)
                (local.set $v (call $main.shout (call $var_get (call $key (i32.const 16) (i32.const 9)))))
                (call $output_set (local.get $v) (call $length (local.get $v)))
                (i32.const 0)))
            """;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PlinthAutoConfiguration.class,
                    PlinthEndpointAutoConfiguration.class));

    @Configuration(proxyBeanMethods = false)
    static class Functions {
        @Bean
        RawHostFunction hostAdd() {
            return RawHostFunction.of("host", "hostAdd", List.of(WasmType.I32, WasmType.I32), List.of(WasmType.I32),
                    (call, args) -> WasmValues.ofInt(args.getInt(0) + args.getInt(1)));
        }

        @Bean
        Shouter shouter() {
            return new Shouter();
        }
    }

    static class Shouter {
        @PluginHostFunction(namespace = "example", value = "shout")
        String shout(String text) {
            return text.toUpperCase(Locale.ROOT);
        }
    }

    private static void plugin(Path dir) throws IOException {
        Path plugin = Files.createDirectories(dir.resolve(NAME));
        Files.write(plugin.resolve("module.wasm"), Wat.assemble(WAT));
        Files.writeString(plugin.resolve("plugin.toml"), """
                [plugin]
                name = "%s"
                version = "1.0.0"
                entrypoint = "module.wasm"

                [permissions]
                host-functions = ["host::hostAdd", "example::shout"]
                """.formatted(NAME));
    }

    @Test
    void rawBeansAndNamespacedMethodsServeAndTheEndpointShowsVarSizesOnly(@TempDir Path dir) throws IOException {
        plugin(dir);
        runner.withUserConfiguration(Functions.class)
                .withPropertyValues("plinth.plugins.dir=" + dir, "plinth.reload.enabled=false",
                        "plinth.grants." + NAME + ".host-functions=host::hostAdd,example::shout",
                        "management.endpoints.web.exposure.include=plugins")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    PluginRegistry registry = context.getBean(PluginRegistry.class);
                    PluginVars vars = context.getBean(PluginEngine.class).vars(NAME);
                    vars.putString(SECRET_KEY, SECRET_VALUE);

                    byte[] sum = registry.call(NAME, "add", new byte[0]);
                    assertThat(ByteBuffer.wrap(sum).order(ByteOrder.LITTLE_ENDIAN).getLong()).isEqualTo(42);
                    assertThat(vars.get("sum")).hasValueSatisfying(v -> assertThat(v).isEqualTo(sum));
                    assertThat(new String(registry.call(NAME, "shoutToken", new byte[0]), StandardCharsets.UTF_8))
                            .as("the plugin read the preset var and the namespaced bean method shouted it")
                            .isEqualTo(SECRET_VALUE.toUpperCase(Locale.ROOT));

                    PluginDetail detail = (PluginDetail) context.getBean(PluginsEndpoint.class).plugin(NAME).getBody();
                    assertThat(detail.vars().count()).isEqualTo(2);
                    assertThat(detail.vars().bytes()).isEqualTo(("sum".length() * 2L + 8)
                            + (SECRET_KEY.length() * 2L + SECRET_VALUE.length()));
                    assertThat(detail.vars().maxBytes()).isEqualTo(vars.maxBytes()).isPositive();
                    assertThat(detail.grants().get("hostFunctions")).asString()
                            .contains("host::hostAdd", "example::shout");
                    String json = context.getBean(JsonMapper.class).writeValueAsString(detail);
                    assertThat(json).contains("\"vars\":{\"count\":2,")
                            .doesNotContain(SECRET_KEY).doesNotContain(SECRET_VALUE);
                });
    }
}
