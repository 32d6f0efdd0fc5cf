package dev.plinth.reload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.CallRequest;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.deploy.PluginEventType;
import dev.plinth.api.error.PluginException;
import dev.plinth.component.value.Value;
import dev.plinth.host.PluginEngine;
import dev.plinth.reload.testing.RecordingListener;
import dev.plinth.testing.ComponentWat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin that is a WebAssembly component reloads like any plugin: a new version in the folder runs as a
 * staged canary beside the one that serves, is promoted, and a canary that traps is rolled back by the judge.
 */
class ComponentReloadTest {
    private static final String PLUGIN = "greeter";

    @TempDir
    Path plugins;

    private final RecordingListener events = new RecordingListener();
    private ReloadingRegistry registry;

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    /** {@code greet: func(s: string) -> string}, returning {@code answer} (or trapping, when it is null). */
    private static byte[] greeter(String answer) {
        String body = answer == null ? "unreachable"
                : "i32.const 16 i32.const 100 i32.store i32.const 20 i32.const " + answer.length()
                        + " i32.store i32.const 16";
        return ComponentWat.assemble("""
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
                    (func (export "greet") (param i32 i32) (result i32) %s)
                    (data (i32.const 100) "%s"))
                  (core instance $i (instantiate $m))
                  (alias core export $i "mem" (core memory $mem))
                  (alias core export $i "realloc" (core func $realloc))
                  (func $greet (param "s" string) (result string)
                    (canon lift (core func $i "greet") (memory $mem) (realloc $realloc)))
                  (export "greet" (func $greet)))
                """.formatted(body, answer == null ? "" : answer));
    }

    private void write(String version, String answer) throws IOException {
        Path dir = Files.createDirectories(plugins.resolve(PLUGIN));
        Files.write(dir.resolve("greeter.wasm"), greeter(answer));
        Files.writeString(dir.resolve("plugin.toml"), """
                [plugin]
                name = "greeter"
                version = "%s"
                entrypoint = "greeter.wasm"
                """.formatted(version));
    }

    /** Sends {@code calls} keyed calls; counts what each version answered, and the failures as "failed". */
    private Map<String, Integer> call(int calls) {
        Map<String, Integer> answers = new HashMap<>();
        for (int i = 0; i < calls; i++) {
            try {
                byte[] output = registry.call(CallRequest.of(PLUGIN, "greet", "hi".getBytes(UTF_8))
                        .withRoutingKey("req-" + i)).output();
                answers.merge(new String(output, UTF_8), 1, Integer::sum);
            } catch (PluginException e) {
                answers.merge("failed", 1, Integer::sum);
            }
        }
        return answers;
    }

    @Test
    void aNewComponentVersionIsACanaryThenPromotedAndATrappingOneIsRolledBack() throws IOException {
        write("1.0.0", "v1");
        registry = ReloadingRegistry.builder(PluginEngine.builder().build()).pluginsDir(plugins).watch(false)
                .canaryPolicy(PLUGIN, CanaryPolicy.canary(50).withMaxFailureRate(0.10).withMinCalls(20))
                .listener(events).build();
        registry.start();
        assertThat(call(10)).containsExactly(Map.entry("v1", 10));

        write("2.0.0", "v2");
        registry.reload(PLUGIN);
        assertThat(registry.canary(PLUGIN)).as("v2 runs as a canary").isPresent();
        assertThat(registry.canaryVersion(PLUGIN).orElseThrow().kind()).isEqualTo("component");
        Map<String, Integer> split = call(100);
        assertThat(split).containsOnlyKeys("v1", "v2");
        Map<String, Integer> typed = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            List<Value> answer = registry.component(PLUGIN, "user-" + i).call("greet", List.of(new Value.Str("hi")));
            typed.merge(((Value.Str) answer.get(0)).value(), 1, Integer::sum);
        }
        assertThat(typed).as("typed calls are routed like byte calls").containsOnlyKeys("v1", "v2");
        String sticky = ((Value.Str) registry.component(PLUGIN, "user-7").call("greet", List.of(new Value.Str("a")))
                .get(0)).value();
        assertThat(((Value.Str) registry.component(PLUGIN, "user-7").call("greet", List.of(new Value.Str("b")))
                .get(0)).value()).as("a routing key keeps its version").isEqualTo(sticky);

        registry.promote(PLUGIN);
        assertThat(call(20)).containsExactly(Map.entry("v2", 20));
        assertThat(registry.component(PLUGIN).call("greet", List.of(new Value.Str("typed"))))
                .containsExactly(new Value.Str("v2"));
        assertThat(registry.component(PLUGIN).functions().get("greet").wit()).isEqualTo("func(s: string) -> string");

        write("3.0.0", null);
        registry.reload(PLUGIN);
        assertThat(registry.canary(PLUGIN)).as("v3 runs as a canary").isPresent();
        call(200);
        events.await(PluginEventType.ROLLED_BACK, PLUGIN);
        assertThat(registry.canary(PLUGIN)).isEmpty();
        assertThat(call(20)).containsExactly(Map.entry("v2", 20));
        assertThat(registry.history(PLUGIN)).anySatisfy(info -> {
            assertThat(info.version()).isEqualTo("3.0.0");
            assertThat(info.status()).isIn(PluginStatus.FAILED, PluginStatus.ROLLED_BACK);
        });
    }
}
