package dev.plinth.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.deploy.PluginEventType;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginException;
import dev.plinth.component.value.Value;
import dev.plinth.host.ComponentCalls;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginVersion;
import dev.plinth.reload.testing.RecordingListener;
import dev.plinth.testing.TestPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload of the real Rust sample component {@code text-component} (plinth-sdk, wrapped by jco into a
 * component of wit/plinth.wit's {@code plugin} world), checked against that world at every load, under the fuel,
 * memory and deadline its manifest asks for: a second version staged as a canary takes its share of typed calls
 * by routing key and is promoted; a version whose fuel cannot carry a call fails as the canary and the judge rolls
 * it back; and the notes component (world {@code full-plugin}) dropped over text-component's folder is refused as
 * {@code incompatible}, naming the first difference, while the serving version keeps its traffic.
 */
class RealComponentCanaryTest {
    private static final String PLUGIN = "text-component";
    private static final String PROCESS = "plinth:plugin/processing@0.1.0#process";
    private static final long FUEL = 50_000_000;
    private static final String LONG_TEXT = "abc".repeat(10_000);

    @TempDir
    Path plugins;

    /** Where the builds of other versions are written, outside the plugins folder. */
    @TempDir
    Path builds;

    private final RecordingListener events = new RecordingListener();
    private ReloadingRegistry registry;
    private PluginEngine engine;

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    /** The repository's wit/ (the module's working directory is hot-reload/). */
    private static Path plinthWit() {
        Path wit = Path.of("").toAbsolutePath().resolveSibling("wit");
        assertThat(wit.resolve("plinth.wit")).as("wit/plinth.wit of the repository").isRegularFile();
        return wit;
    }

    /**
     * Writes text-component's folder: {@code wasm} (a built component) as its entrypoint and a manifest of
     * {@code version} that names the {@code plugin} world and asks for {@code fuel}, 16MB of memory and a 2s
     * deadline, with one instance, so a version's state (its initialization) is that of its one instance.
     */
    private void write(String version, Path wasm, long fuel) throws IOException {
        Path dir = Files.createDirectories(plugins.resolve(PLUGIN));
        Files.copy(wasm, dir.resolve("text_component.wasm"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("plugin.toml"), """
                [plugin]
                name = "text-component"
                version = "%s"
                entrypoint = "text_component.wasm"
                world = "plinth:plugin/plugin@0.1.0"

                [permissions]
                fuel = %d
                memory = "16MB"
                cpu-time = "2s"
                max-instances = 1
                """.formatted(version, fuel));
    }

    private static Path built(String component, String file) {
        Path wasm = TestPlugins.component(component).resolve(file);
        assertThat(wasm).as("built by scripts/build-plugins.sh").isRegularFile();
        return wasm;
    }

    private static Path textComponent() {
        return built("text-component", "text_component.wasm");
    }

    /**
     * text-component as a build of release {@code version} would be: its {@code get-metadata} reports the crate's
     * version, which a version's manifest must match, so the built bytes get {@code version} in its place (the one
     * {@code 0.1.0} not in a WIT name, where it follows {@code @}).
     */
    private Path textComponent(String version) throws IOException {
        byte[] bytes = Files.readAllBytes(textComponent());
        byte[] from = "0.1.0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] to = version.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(to).hasSameSizeAs(from);
        List<Integer> at = new java.util.ArrayList<>();
        for (int i = 1; i + from.length <= bytes.length; i++) {
            if (bytes[i - 1] != '@' && java.util.Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
                at.add(i);
            }
        }
        assertThat(at).as("the crate version in text-component's data").hasSize(1);
        System.arraycopy(to, 0, bytes, at.get(0), to.length);
        return Files.write(builds.resolve("text_component-" + version + ".wasm"), bytes);
    }

    private static Value request(String id, String operation, String text) {
        return new Value.Record(Map.of("id", new Value.Str(id), "operation", new Value.Str(operation),
                "payload", new Value.Variant("text", Optional.of(new Value.Str(text))),
                "attributes", new Value.ListOf(List.of())));
    }

    /** Processes a text on the version {@code key} routes to (the engine initialized its instances). */
    private String upper(String key, String text) {
        ComponentCalls calls = registry.component(PLUGIN, key);
        Value.Result result = (Value.Result) calls.call(PROCESS, List.of(request(key, "upper", text))).get(0);
        assertThat(result.ok()).as("process of %s: %s", key, result).isTrue();
        Value.Record response = (Value.Record) result.payload().orElseThrow();
        Value.Variant payload = (Value.Variant) response.fields().get("payload");
        return ((Value.Str) payload.payload().orElseThrow()).value();
    }

    private static long calls(Optional<PluginVersion> version) {
        return version.orElseThrow().callStats().snapshot().calls();
    }

    private VersionInfo history(String version) {
        return registry.history(PLUGIN).stream().filter(i -> i.version().equals(version)).reduce((a, b) -> b)
                .orElseThrow();
    }

    @Test
    void aRealComponentIsACanaryThenPromotedAFailingOneRolledBackAndAnIncompatibleOneRefused() throws IOException {
        write("0.1.0", textComponent(), FUEL);
        engine = PluginEngine.builder().witPackages(plinthWit()).build();
        registry = ReloadingRegistry.builder(engine).pluginsDir(plugins).watch(false)
                .canaryPolicy(PLUGIN, CanaryPolicy.canary(30).withMaxFailureRate(0.10).withMinCalls(20))
                .listener(events).build();
        registry.start();
        PluginVersion v1 = registry.active(PLUGIN).orElseThrow();
        assertThat(v1.kind()).isEqualTo("component");
        assertThat(v1.world()).contains("plinth:plugin/plugin@0.1.0");
        assertThat(v1.fuelPerCall()).hasValue(FUEL);
        assertThat(v1.limits().maxMemory().toBytes()).isEqualTo(16L << 20);
        assertThat(v1.limits().callTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(upper("first", "hello")).isEqualTo("HELLO");

        // v2: the same component under a new version, staged as a canary at 30%.
        write("0.2.0", textComponent("0.2.0"), FUEL);
        registry.reload(PLUGIN);
        assertThat(registry.canary(PLUGIN)).as("v2 runs as a canary").isPresent();
        PluginVersion v2 = registry.canaryVersion(PLUGIN).orElseThrow();
        assertThat(v2.version()).isEqualTo("0.2.0");
        assertThat(v2.interfaceHash()).as("the same interface").isEqualTo(v1.interfaceHash());
        long activeBefore = calls(registry.active(PLUGIN));
        for (int i = 0; i < 100; i++) {
            assertThat(upper("user-" + i, "text " + i)).isEqualTo("TEXT " + i);
        }
        long toCanary = calls(registry.canaryVersion(PLUGIN));
        long toActive = calls(registry.active(PLUGIN)) - activeBefore;
        assertThat(toCanary + toActive).as("one typed call per key").isEqualTo(100);
        assertThat(toCanary).as("the canary's share of 100 keys at 30%%").isBetween(15L, 45L);
        long stickyBefore = calls(registry.canaryVersion(PLUGIN));
        for (int i = 0; i < 100 && calls(registry.canaryVersion(PLUGIN)) == stickyBefore; i++) {
            // find a key the canary serves: its next calls stay there
            upper("sticky-" + i, "x");
            if (calls(registry.canaryVersion(PLUGIN)) > stickyBefore) {
                long now = calls(registry.canaryVersion(PLUGIN));
                upper("sticky-" + i, "again");
                assertThat(calls(registry.canaryVersion(PLUGIN))).as("a routing key keeps its version")
                        .isEqualTo(now + 1);
            }
        }

        registry.promote(PLUGIN);
        assertThat(registry.canary(PLUGIN)).isEmpty();
        assertThat(registry.active(PLUGIN).orElseThrow().version()).isEqualTo("0.2.0");
        long promotedBefore = calls(registry.active(PLUGIN));
        for (int i = 0; i < 20; i++) {
            assertThat(upper("after-" + i, "ok")).isEqualTo("OK");
        }
        assertThat(calls(registry.active(PLUGIN)) - promotedBefore).as("every call on v2").isEqualTo(20);
        assertThat(history("0.1.0").status()).isEqualTo(PluginStatus.DEPRECATED);

        // v3: a fuel budget its initialize and get-metadata fit in (they take 16,000 to 24,000), so it loads, but no
        // process of 30,000 characters does: it fails every call the canary gets, and the judge rolls it back.
        write("0.3.0", textComponent("0.3.0"), 40_000);
        registry.reload(PLUGIN);
        assertThat(registry.canary(PLUGIN)).as("v3 runs as a canary").isPresent();
        int failed = 0;
        for (int i = 0; i < 300 && registry.canary(PLUGIN).isPresent(); i++) {
            try {
                upper("load-" + i, LONG_TEXT);
            } catch (PluginException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.FUEL_EXHAUSTED);
                failed++;
            }
        }
        assertThat(failed).as("the canary's calls ran out of fuel").isPositive();
        events.await(PluginEventType.ROLLED_BACK, PLUGIN);
        assertThat(registry.canary(PLUGIN)).isEmpty();
        assertThat(registry.active(PLUGIN).orElseThrow().version()).isEqualTo("0.2.0");
        assertThat(upper("after-rollback", "still")).isEqualTo("STILL");
        assertThat(history("0.3.0").status()).isIn(PluginStatus.FAILED, PluginStatus.ROLLED_BACK);
        assertThat(engine.auditLog().recent(PLUGIN, 100)).anySatisfy(e -> {
            assertThat(e.what()).isEqualTo(ErrorCode.FUEL_EXHAUSTED);
            assertThat(e.version()).isEqualTo("0.3.0");
        });

        // v4: the notes component (world full-plugin: it imports kv-store, events, data-dir, http-client)
        // dropped over text-component's folder, its manifest still naming the plugin world.
        write("0.4.0", built("notes-component", "notes_component.wasm"), FUEL);
        registry.reload(PLUGIN);
        VersionInfo refused = history("0.4.0");
        assertThat(refused.status()).isEqualTo(PluginStatus.FAILED);
        assertThat(refused.lastError().orElseThrow().code()).as("%s", refused.lastError()).isEqualTo(ErrorCode.INCOMPATIBLE);
        assertThat(refused.lastError().orElseThrow().message())
                .isEqualTo("text-component/text_component.wasm does not implement world plinth:plugin/plugin@0.1.0:"
                        + " import plinth:plugin/kv-store@0.1.0: not an import in the world, which imports"
                        + " [plinth:plugin/logger@0.1.0]");
        assertThat(registry.canary(PLUGIN)).isEmpty();
        assertThat(registry.active(PLUGIN).orElseThrow().version()).as("v2 keeps serving").isEqualTo("0.2.0");
        assertThat(upper("after-refusal", "served")).isEqualTo("SERVED");
        assertThat(engine.auditLog().recent(PLUGIN, 100)).anySatisfy(e -> {
            assertThat(e.what()).isEqualTo(ErrorCode.INCOMPATIBLE);
            assertThat(e.version()).isEqualTo("0.4.0");
        });
        assertThat(registry.history(PLUGIN)).extracting(VersionInfo::version)
                .contains("0.1.0", "0.2.0", "0.3.0", "0.4.0");
    }
}
