package dev.plinth.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.component.value.Value;
import dev.plinth.host.PluginEngine;
import dev.plinth.testing.GreeterWorld;
import java.io.IOException;
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

    /** {@link GreeterWorld#component} of {@code my:app/greeting@0.1.0}, exporting {@code extra} too when asked. */
    private static String greeter(String name, String answer, boolean extra) {
        return GreeterWorld.component("0.1.0", name, answer, "", extra);
    }

    private void write(String version, String component, boolean world) throws IOException {
        GreeterWorld.write(plugins, PLUGIN, version, component,
                world ? "world = \"my:app/greeter@0.1.0\"\nwit = \"wit\"" : "", "0.1.0");
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
