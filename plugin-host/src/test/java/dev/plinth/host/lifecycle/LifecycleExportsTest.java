package dev.plinth.host.lifecycle;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginError;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.lifecycle.PluginMetadata;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.host.PluginVersion;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.testing.TestPlugins;
import dev.plinth.testing.Wat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifecycle exports with a real plugin built from the repository (sample-plugins/lifecycle-demo)
 * and hostile ones assembled here: initialize gets the config and its failure keeps the version
 * out, metadata is checked against plugin.toml and bounded, a hanging shutdown is stopped at its
 * deadline, and the host keeps serving through all of it.
 */
class LifecycleExportsTest {
    private static final String DEMO = "lifecycle-demo";

    @TempDir
    Path plugins;

    private final PluginHost host = PluginHost.on(PluginEngine.builder()
            .limits(PluginLimits.DEFAULTS.withCallTimeout(Duration.ofSeconds(2)))
            .shutdownTimeout(Duration.ofMillis(300))
            .build());

    @AfterEach
    void close() {
        host.close();
    }

    private Path demo(String dir) {
        return TestPlugins.copy(TestPlugins.sample(DEMO), plugins, dir);
    }

    private Path demoWithManifest(String dir, String from, String to) throws IOException {
        Path copy = demo(dir);
        Path manifest = copy.resolve("plugin.toml");
        String text = Files.readString(manifest);
        String changed = text.replaceFirst(from, to);
        assertThat(changed).as("test setup: the manifest contains " + from).isNotEqualTo(text);
        Files.writeString(manifest, changed);
        return copy;
    }

    private Path other() {
        return TestPlugins.copy(TestPlugins.sample("text-transformer"), plugins, "text-transformer");
    }

    private void otherStillServes() {
        assertThat(host.call("text-transformer", "echo", "still here".getBytes(UTF_8))).asString(UTF_8)
                .isEqualTo("still here");
    }

    private PluginError failed(VersionInfo info, ErrorCode code, String... fragments) {
        assertThat(info.status()).as(info.toString()).isEqualTo(PluginStatus.FAILED);
        PluginError error = info.lastError().orElseThrow();
        assertThat(error.code()).as(error.message()).isEqualTo(code);
        assertThat(error.message()).contains(fragments);
        return error;
    }

    @Test
    void initializeGetsTheConfigOnEveryInstanceBeforeItsFirstCall() throws IOException {
        VersionInfo info = host.load(demoWithManifest(DEMO, "greeting = \"Hello\"", "greeting = \"Ahoy\""));
        assertThat(info.status()).as(info.toString()).isEqualTo(PluginStatus.ACTIVE);

        // greet answers with the greeting that plinth_initialize read from its input, not from config_get
        assertThat(host.call(DEMO, "greet", "Ada".getBytes(UTF_8))).asString(UTF_8).isEqualTo("Ahoy, Ada");
        PluginVersion version = host.loaded(DEMO).orElseThrow();
        version.prewarm(3);
        assertThat(host.vars(DEMO).getString("initialized")).as("one initialize per instance: the one made at"
                + " load and two more").contains("3");
    }

    @Test
    void lifecycleExportsAreNotCallableAndMetadataAndStatusAreShown() {
        host.load(demo(DEMO));
        PluginVersion version = host.loaded(DEMO).orElseThrow();

        assertThat(version.exports()).containsExactly("greet");
        assertThat(version.lifecycleExports()).containsExactlyInAnyOrder("plinth_initialize", "plinth_metadata",
                "plinth_status", "plinth_shutdown");
        assertThat(host.find(DEMO).orElseThrow().exports()).containsExactly("greet");
        assertThatThrownBy(() -> host.call(DEMO, "plinth_initialize", "{}".getBytes(UTF_8)))
                .isInstanceOf(PluginException.class)
                .satisfies(e -> assertThat(((PluginException) e).code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("lifecycle export");

        PluginMetadata metadata = version.metadata().orElseThrow();
        assertThat(metadata).isEqualTo(new PluginMetadata(DEMO, "0.1.0",
                "Greets people; shows the lifecycle exports", "The Plinth authors", List.of("greet", "status")));

        host.call(DEMO, "greet", "Ada".getBytes(UTF_8));
        assertThat(version.status().orElseThrow()).isEqualTo("{\"greeting\":\"Hello\",\"calls\":1}");
    }

    @Test
    void aFailingInitializeKeepsTheVersionOutWithItsMessage() throws IOException {
        other();
        host.load(plugins.resolve("text-transformer"));
        VersionInfo info = host.load(demoWithManifest(DEMO, "greeting = \"Hello\"", "salutation = \"Hello\""));

        failed(info, ErrorCode.PLUGIN_ERROR, "plinth_initialize", "config key `greeting` is missing");
        assertThatThrownBy(() -> host.call(DEMO, "greet", "Ada".getBytes(UTF_8)))
                .isInstanceOf(PluginException.class);
        otherStillServes();
    }

    @Test
    void metadataThatDoesNotMatchThePluginTomlRefusesTheLoad() throws IOException {
        VersionInfo info = host.load(demoWithManifest(DEMO, "version = \"0.1.0\"", "version = \"0.2.0\""));

        failed(info, ErrorCode.INVALID_MANIFEST, "\"lifecycle-demo\" \"0.1.0\" (plinth_metadata)",
                "plugin.toml says \"lifecycle-demo\" \"0.2.0\"");
    }

    @Test
    void shutdownRunsBeforeTheUnload() {
        host.load(demo(DEMO));
        assertThat(host.unload(DEMO)).isTrue();
        assertThat(host.vars(DEMO).getString("shutdown")).contains("done");
    }

    @Test
    void aShutdownThatHangsIsStoppedAtItsDeadlineAuditedAndTheUnloadGoesOn() throws IOException {
        host.load(other());
        host.load(demoWithManifest(DEMO, "# shutdown = \"hang\"", "shutdown = \"hang\""));
        assertThat(host.call(DEMO, "greet", "Ada".getBytes(UTF_8))).asString(UTF_8).isEqualTo("Hello, Ada");

        long started = System.nanoTime();
        assertThat(host.unload(DEMO)).isTrue();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).as("stopped at the 300 ms shutdown deadline, not the 2 s call timeout")
                .isLessThan(Duration.ofMillis(1900));
        assertThat(host.vars(DEMO).getString("shutdown")).as("the shutdown never got to its end").isEmpty();
        List<AuditEntry> audit = host.auditLog().recent(DEMO, Integer.MAX_VALUE);
        assertThat(audit).anySatisfy(entry -> {
            assertThat(entry.what()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(entry.resource()).contains("plinth_shutdown");
        });
        assertThat(host.find(DEMO)).isEmpty();
        otherStillServes();
    }

    private static final String IMPORTS = """
              (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
              (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
            """;

    private Path wat(String name, String body) throws IOException {
        return Wat.write(plugins, name, "(module\n" + IMPORTS + body
                + "\n  (func (export \"run\") (result i32) (i32.const 0)))");
    }

    @Test
    void aTrapInInitializeIsATrapAndTheVersionIsRefused() throws IOException {
        host.load(other());
        VersionInfo info = host.load(wat("init-trap", """
                  (func (export "plinth_initialize") (result i32) unreachable)
                """));

        failed(info, ErrorCode.TRAP, "plinth_initialize");
        otherStillServes();
    }

    @Test
    void anInitializeThatHangsEndsAtTheLoadDeadline() throws IOException {
        host.load(other());
        VersionInfo info = host.load(wat("init-hang", """
                  (func (export "plinth_initialize") (result i32) (loop $forever (br $forever)) (i32.const 0))
                """));

        failed(info, ErrorCode.TIMEOUT, "plinth_initialize");
        otherStillServes();
    }

    @Test
    void hugeMetadataIsRefusedUnread() throws IOException {
        host.load(other());
        VersionInfo info = host.load(wat("huge-metadata", """
                  (func (export "plinth_metadata") (result i32)
                    (call $output_set (call $alloc (i64.const 1000000)) (i64.const 1000000))
                    (i32.const 0))
                """));

        failed(info, ErrorCode.INVALID_MODULE, "plinth_metadata returned", "more than the 64KB it may");
        otherStillServes();
    }

    @Test
    void metadataThatIsNotJsonIsRefused() throws IOException {
        VersionInfo info = host.load(wat("bad-metadata", """
                  (func (export "plinth_metadata") (result i32) (local $o i64)
                    (local.set $o (call $alloc (i64.const 1)))
                    (call $store_u8 (local.get $o) (i32.const 0x7b))
                    (call $output_set (local.get $o) (i64.const 1))
                    (i32.const 0))
                """));

        failed(info, ErrorCode.INVALID_MODULE, "plinth_metadata returned something that is not JSON");
    }

    @Test
    void aStatusThatTrapsIsAnErrorOfThatCallOnly() throws IOException {
        host.load(wat("status-trap", """
                  (func (export "plinth_status") (result i32) unreachable)
                """));
        PluginVersion version = host.loaded("status-trap").orElseThrow();

        assertThatThrownBy(version::status).isInstanceOf(PluginException.class)
                .satisfies(e -> assertThat(((PluginException) e).code()).isEqualTo(ErrorCode.TRAP));
        assertThat(host.call("status-trap", "run", new byte[0])).isEmpty();
    }
}
