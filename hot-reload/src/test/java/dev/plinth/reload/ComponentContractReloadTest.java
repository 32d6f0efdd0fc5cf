package dev.plinth.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.component.value.Value;
import dev.plinth.host.PluginEngine;
import dev.plinth.testing.ComponentWat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new version of a component plugin whose interface does not fit is refused during reload with
 * {@code incompatible}, naming the first difference, audited and listed in the history, while the version serving
 * keeps its traffic: against the world its manifest names, or, when it names none, against the serving version's
 * exports.
 */
class ComponentContractReloadTest {
    private static final String PLUGIN = "greeter";
    private static final String IFACE = "my:app/greeting@0.1.0";

    @TempDir
    Path plugins;

    private ReloadingRegistry registry;
    private PluginEngine engine;

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    /**
     * {@code my:app/greeting@0.1.0} exporting {@code greet: func(r: record { name: <name>, times: u32 }) -> string}
     * answering {@code answer} (two characters), and {@code extra: func() -> u32} when {@code extra} is true.
     */
    private static byte[] greeter(String name, String answer, boolean extra) {
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
                    (func (export "greet") (param i32 i32 i32) (result i32)
                      i32.const 16 i32.const 100 i32.store
                      i32.const 20 i32.const 2 i32.store
                      i32.const 16)
                    (func (export "extra") (result i32) i32.const 7)
                    (data (i32.const 100) "%s"))
                  (core instance $i (instantiate $m))
                  (alias core export $i "mem" (core memory $mem))
                  (alias core export $i "realloc" (core func $realloc))
                  (type $req (record (field "name" %s) (field "times" u32)))
                  (func $greet (param "r" $req) (result string)
                    (canon lift (core func $i "greet") (memory $mem) (realloc $realloc)))
                  (func $extra (result u32) (canon lift (core func $i "extra")))
                  (instance $api (export "greet" (func $greet)) %s)
                  (export "my:app/greeting@0.1.0" (instance $api)))
                """.formatted(answer, name, extra ? "(export \"extra\" (func $extra))" : ""));
    }

    private void write(String version, byte[] component, boolean world) throws IOException {
        Path dir = Files.createDirectories(plugins.resolve(PLUGIN));
        Files.write(dir.resolve("greeter.wasm"), component);
        Files.writeString(dir.resolve("plugin.toml"), """
                [plugin]
                name = "greeter"
                version = "%s"
                entrypoint = "greeter.wasm"
                %s
                """.formatted(version, world ? "world = \"my:app/greeter@0.1.0\"\nwit = \"wit\"" : ""));
        Files.createDirectories(dir.resolve("wit"));
        Files.writeString(dir.resolve("wit/greeting.wit"), """
                package my:app@0.1.0;
                interface greeting {
                    record request { name: string, times: u32 }
                    greet: func(r: request) -> string;
                }
                world greeter { export greeting; }
                """);
    }

    private String greet() {
        List<Value> answer = registry.component(PLUGIN).call(IFACE + "#greet", List.of(new Value.Record(
                java.util.Map.of("name", new Value.Str("Zoë"), "times", new Value.U32(1)))));
        return ((Value.Str) answer.get(0)).value();
    }

    private void start() {
        engine = PluginEngine.builder().build();
        registry = ReloadingRegistry.builder(engine).pluginsDir(plugins).watch(false).build();
        registry.start();
    }

    private VersionInfo history(String version) {
        return registry.history(PLUGIN).stream().filter(i -> i.version().equals(version)).reduce((a, b) -> b)
                .orElseThrow();
    }

    @Test
    void aVersionThatBreaksItsWorldIsRefusedAndTheServingOneKeepsTraffic() throws IOException {
        write("1.0.0", greeter("string", "v1", false), true);
        start();
        assertThat(greet()).isEqualTo("v1");
        assertThat(registry.find(PLUGIN)).isPresent();

        write("2.0.0", greeter("(list u8)", "v2", false), true);
        registry.reload(PLUGIN);

        VersionInfo refused = history("2.0.0");
        assertThat(refused.status()).isEqualTo(PluginStatus.FAILED);
        assertThat(refused.lastError().orElseThrow().code()).isEqualTo(ErrorCode.INCOMPATIBLE);
        assertThat(refused.lastError().orElseThrow().message()).isEqualTo("greeter/greeter.wasm does not implement"
                + " world my:app/greeter@0.1.0: export my:app/greeting@0.1.0#greet: parameter `r`: record request:"
                + " field `name` is string in the world, list<u8> in the component");
        assertThat(registry.canary(PLUGIN)).isEmpty();
        assertThat(greet()).as("v1 keeps serving").isEqualTo("v1");
        assertThat(engine.auditLog().recent(PLUGIN, 20)).anySatisfy(e -> {
            assertThat(e.what()).isEqualTo(ErrorCode.INCOMPATIBLE);
            assertThat(e.version()).isEqualTo("2.0.0");
        });
    }

    @Test
    void withoutAWorldTheServingVersionsExportsAreTheContract() throws IOException {
        write("1.0.0", greeter("string", "v1", false), false);
        start();
        assertThat(greet()).isEqualTo("v1");

        write("2.0.0", greeter("(list u8)", "v2", false), false);
        registry.reload(PLUGIN);
        VersionInfo refused = history("2.0.0");
        assertThat(refused.status()).isEqualTo(PluginStatus.FAILED);
        assertThat(refused.lastError().orElseThrow().code()).isEqualTo(ErrorCode.INCOMPATIBLE);
        assertThat(refused.lastError().orElseThrow().message()).startsWith("version 2.0.0@")
                .contains("changes the interface of the serving version 1.0.0@")
                .endsWith(": export my:app/greeting@0.1.0#greet: parameter `r`: record: field `name` is string in"
                        + " the serving version, list<u8> in the new version");
        assertThat(greet()).as("v1 keeps serving").isEqualTo("v1");
        assertThat(engine.auditLog().recent(PLUGIN, 20)).anySatisfy(e -> {
            assertThat(e.what()).isEqualTo(ErrorCode.INCOMPATIBLE);
            assertThat(e.detail()).contains("list<u8> in the new version");
        });

        write("3.0.0", greeter("string", "v3", true), false);
        registry.reload(PLUGIN);
        assertThat(history("3.0.0").status()).as("an added export is compatible").isNotEqualTo(PluginStatus.FAILED);
        assertThat(greet()).isEqualTo("v3");
    }
}
