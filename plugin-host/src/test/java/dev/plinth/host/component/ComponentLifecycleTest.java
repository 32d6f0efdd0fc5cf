package dev.plinth.host.component;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.plinth.api.PluginError;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.api.lifecycle.PluginMetadata;
import dev.plinth.component.value.Value;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.host.PluginVersion;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.testing.ComponentWat;
import dev.plinth.testing.LogCapture;
import dev.plinth.testing.TestPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine calls a component's {@code plinth:plugin/lifecycle} as it calls a core module's lifecycle exports:
 * {@code initialize} with the config on every instance (an {@code err}, a trap, a hang or spent fuel refuses the
 * instance, and at load the version, audited), {@code get-metadata} at load (checked against plugin.toml),
 * {@code get-status} when asked, {@code shutdown} at unload within the shutdown deadline. With the real
 * {@code text-component} (Rust, plinth-sdk) and components assembled here; another plugin serves through all of it.
 */
class ComponentLifecycleTest {
    private static final String TEXT = "text-component";
    private static final String PROCESS = "plinth:plugin/processing@0.1.0#process";
    private static final String INITIALIZE = "plinth:plugin/lifecycle@0.1.0#initialize";

    @TempDir
    Path plugins;

    private PluginHost host = PluginHost.on(engine().build());
    private final LogCapture logs = LogCapture.of("plinth.plugin." + TEXT, Level.INFO);

    private static PluginEngine.Builder engine() {
        return PluginEngine.builder().limits(PluginLimits.DEFAULTS.withCallTimeout(Duration.ofSeconds(2)))
                .shutdownTimeout(Duration.ofMillis(300));
    }

    @AfterEach
    void close() {
        host.close();
        logs.close();
    }

    private Path text(String from, String to) throws IOException {
        Path copy = TestPlugins.copy(TestPlugins.component(TEXT), plugins, TEXT);
        Path manifest = copy.resolve("plugin.toml");
        String manifestText = Files.readString(manifest);
        String changed = manifestText.replace(from, to);
        assertThat(changed).as("test setup: the manifest contains " + from).isNotEqualTo(manifestText);
        Files.writeString(manifest, changed);
        return copy;
    }

    private void otherLoads() {
        assertThat(host.load(TestPlugins.sample("text-transformer")).status()).isEqualTo(PluginStatus.ACTIVE);
    }

    private void otherStillServes() {
        assertThat(host.call("text-transformer", "echo", "still here".getBytes(UTF_8))).asString(UTF_8)
                .isEqualTo("still here");
    }

    private static Value request(String id, String text) {
        return new Value.Record(Map.of("id", new Value.Str(id), "operation", new Value.Str("upper"),
                "payload", new Value.Variant("text", Optional.of(new Value.Str(text))),
                "attributes", new Value.ListOf(List.of())));
    }

    private static Value.Result process(PluginHost host, String id, String text) {
        return (Value.Result) host.component(TEXT).call(PROCESS, List.of(request(id, text))).get(0);
    }

    private static PluginError failed(VersionInfo info, ErrorCode code, String... fragments) {
        assertThat(info.status()).as(info.toString()).isEqualTo(PluginStatus.FAILED);
        PluginError error = info.lastError().orElseThrow();
        assertThat(error.code()).as(error.message()).isEqualTo(code);
        assertThat(error.message()).contains(fragments);
        return error;
    }

    @Test
    void theRustComponentIsInitializedWithItsConfigDescribedWatchedAndShutDownInThatOrder() throws IOException {
        VersionInfo info = host.load(text("max-length = \"1000\"", "max-length = \"5\""));
        assertThat(info.status()).as("%s", info.lastError()).isEqualTo(PluginStatus.ACTIVE);
        PluginVersion version = host.loaded(TEXT).orElseThrow();

        // no caller initialized it: process answers (it refuses "not initialized" otherwise), with the config's limit
        assertThat(process(host, "r1", "hi").ok()).isTrue();
        Value.Result tooLong = process(host, "r2", "hello!");
        assertThat(tooLong.ok()).isFalse();
        assertThat(tooLong.payload().orElseThrow().toString()).contains("over max-length 5");

        assertThat(version.lifecycleExports()).containsExactly("plinth:plugin/lifecycle@0.1.0#get-metadata",
                "plinth:plugin/lifecycle@0.1.0#get-status", INITIALIZE, "plinth:plugin/lifecycle@0.1.0#shutdown");
        assertThat(version.exports()).containsExactly("plinth:plugin/lifecycle@0.1.0#get-metadata",
                "plinth:plugin/lifecycle@0.1.0#get-status", PROCESS);
        assertThat(version.metadata()).contains(new PluginMetadata(TEXT, "0.1.0",
                "Text operations as a component plugin", "Plinth",
                List.of("text.upper", "text.lower", "text.reverse", "text.count", "text.bytes", "text.sum")));
        assertThat(version.status()).contains("{\"health\":\"ready\",\"message\":null,\"processed\":2}");
        assertThat(version.callStats().snapshot().calls()).as("the lifecycle calls are not callers' calls")
                .isEqualTo(2);

        assertThatThrownBy(() -> host.component(TEXT).call(INITIALIZE, List.of(new Value.ListOf(List.of()))))
                .isInstanceOf(PluginNotFoundException.class).hasMessageContaining("only the host calls");
        assertThatThrownBy(() -> host.component(TEXT).call("plinth:plugin/lifecycle@0.1.0#shutdown", List.of()))
                .isInstanceOf(PluginNotFoundException.class);

        assertThat(host.unload(TEXT)).isTrue();
        List<String> lines = logs.messages(Level.INFO);
        assertThat(lines).containsSubsequence(
                "[" + INITIALIZE + "] text-component initialized with 1 config entries",
                "[plinth:plugin/lifecycle@0.1.0#shutdown] text-component shut down");
        assertThat(lines).filteredOn(line -> line.contains("initialized")).hasSize(1);
    }

    @Test
    void everyNewInstanceIsInitialized() throws IOException {
        host.load(text("max-length = \"1000\"", "max-length = \"1000\"\nmode = \"pooled\""));
        PluginVersion version = host.loaded(TEXT).orElseThrow();
        version.prewarm(3);

        assertThat(logs.messages(Level.INFO)).filteredOn(line -> line.endsWith(
                "text-component initialized with 2 config entries")).as("the one made at load and two more").hasSize(3);
    }

    @Test
    void anInitializeThatRefusesKeepsTheVersionOutWithItsMessage() throws IOException {
        otherLoads();
        VersionInfo info = host.load(text("max-length = \"1000\"", "max-length = \"lots\""));

        // the plugin's own "no" is its error, not a limit hit: not audited, as for a core module's plinth_initialize
        failed(info, ErrorCode.PLUGIN_ERROR, INITIALIZE, "config max-length is 'lots', not a number");
        assertThatThrownBy(() -> process(host, "r1", "hi")).isInstanceOf(PluginNotFoundException.class);
        otherStillServes();
    }

    // --- components assembled here -------------------------------------------------------------------------

    /**
     * A component of the plugin world's lifecycle (and {@code inits: func() -> u32}, how many times this instance
     * was initialized; {@code first-key: func() -> string}, the first config key it got), {@code lifeline} 1.0.0
     * by its metadata; {@code init}, {@code shutdown} are the bodies of its core functions before they return.
     */
    static String lifeline(String init, String shutdown) {
        return """
                (component
                  (core module $m
                    (memory (export "mem") 1)
                    (global $next (mut i32) (i32.const 1024))
                    (global $inits (mut i32) (i32.const 0))
                    (global $config (mut i32) (i32.const 0))
                    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
                      (local $p i32)
                      global.get $next
                      local.get 2 i32.const 1 i32.sub i32.add
                      i32.const 0 local.get 2 i32.sub i32.and
                      local.tee $p
                      local.get 3 i32.add
                      global.set $next
                      local.get $p)
                    (func (export "init") (param $ptr i32) (param $len i32) (result i32)
                      (local $n i32)
                      %s
                      local.get $ptr global.set $config
                      global.get $inits i32.const 1 i32.add global.set $inits
                      i32.const 32 i32.const 0 i32.store8
                      i32.const 32)
                    (func (export "shutdown") %s)
                    (func (export "metadata") (result i32)
                      i32.const 64 i32.const 400 i32.store  i32.const 68 i32.const 8 i32.store
                      i32.const 72 i32.const 410 i32.store  i32.const 76 i32.const 5 i32.store
                      i32.const 80 i32.const 420 i32.store  i32.const 84 i32.const 19 i32.store
                      i32.const 88 i32.const 450 i32.store  i32.const 92 i32.const 6 i32.store
                      i32.const 96 i32.const 500 i32.store  i32.const 100 i32.const 1 i32.store
                      i32.const 500 i32.const 460 i32.store  i32.const 504 i32.const 6 i32.store
                      i32.const 64)
                    (func (export "status") (result i32)
                      i32.const 128 i32.const 1 i32.store8
                      i32.const 132 i32.const 0 i32.store8
                      i32.const 144 global.get $inits i64.extend_i32_u i64.store
                      i32.const 128)
                    (func (export "inits") (result i32) global.get $inits)
                    (func (export "first-key") (result i32)
                      i32.const 16 global.get $config i32.load i32.store
                      i32.const 20 global.get $config i32.load offset=4 i32.store
                      i32.const 16)
                    (data (i32.const 200) "no thanks")
                    (data (i32.const 400) "lifeline")
                    (data (i32.const 410) "1.0.0")
                    (data (i32.const 420) "assembled in a test")
                    (data (i32.const 450) "Plinth")
                    (data (i32.const 460) "events"))
                  (core instance $i (instantiate $m))
                  (alias core export $i "mem" (core memory $mem))
                  (alias core export $i "realloc" (core func $realloc))
                  (type $config (list (tuple string string)))
                  (type $fallible (result (error string)))
                  (type $metadata (record (field "name" string) (field "version" string)
                    (field "description" string) (field "author" string) (field "capabilities" (list string))))
                  (type $health (enum "starting" "ready" "degraded" "stopped"))
                  (type $status (record (field "health" $health) (field "message" (option string))
                    (field "processed" u64)))
                  (func $initialize (param "config" $config) (result $fallible)
                    (canon lift (core func $i "init") (memory $mem) (realloc $realloc)))
                  (func $shutdown (canon lift (core func $i "shutdown")))
                  (func $get-metadata (result $metadata)
                    (canon lift (core func $i "metadata") (memory $mem) (realloc $realloc)))
                  (func $get-status (result $status)
                    (canon lift (core func $i "status") (memory $mem) (realloc $realloc)))
                  (instance $lifecycle
                    (export "initialize" (func $initialize))
                    (export "shutdown" (func $shutdown))
                    (export "get-metadata" (func $get-metadata))
                    (export "get-status" (func $get-status)))
                  (export "plinth:plugin/lifecycle@0.1.0" (instance $lifecycle))
                  (func $inits (result u32) (canon lift (core func $i "inits")))
                  (export "inits" (func $inits))
                  (func $first-key (result string)
                    (canon lift (core func $i "first-key") (memory $mem) (realloc $realloc)))
                  (export "first-key" (func $first-key)))
                """.formatted(init, shutdown);
    }

    /** Returns {@code err("no thanks")} from initialize. */
    static final String REFUSE = "i32.const 32 i32.const 1 i32.store8 i32.const 36 i32.const 200 i32.store"
            + " i32.const 40 i32.const 9 i32.store i32.const 32 return";
    static final String TRAP = "unreachable";
    static final String SPIN = "(loop $l (br $l))";
    /** Counts down from 2^31, far beyond a small fuel budget. */
    static final String BURN = "i32.const 0x7fffffff local.set $n"
            + " (loop $l local.get $n i32.const 1 i32.sub local.tee $n br_if $l)";

    private Path lifeline(String name, String init, String shutdown, String manifestExtra) throws IOException {
        Path dir = Files.createDirectories(plugins.resolve(name));
        Files.write(dir.resolve("lifeline.wasm"), ComponentWat.assemble(lifeline(init, shutdown)));
        Files.writeString(dir.resolve("plugin.toml"), """
                [plugin]
                name = "%s"
                version = "1.0.0"
                entrypoint = "lifeline.wasm"

                [config]
                alpha = "1"
                beta = "2"
                %s
                """.formatted(name, manifestExtra));
        return dir;
    }

    @Test
    void anAssembledComponentGetsItsConfigSortedBeforeItsFirstCall() throws IOException {
        VersionInfo info = host.load(lifeline("lifeline", "", "", ""));
        assertThat(info.status()).as("%s", info.lastError()).isEqualTo(PluginStatus.ACTIVE);
        var lifeline = host.component("lifeline");

        assertThat(lifeline.call("inits", List.of())).containsExactly(new Value.U32(1));
        assertThat(lifeline.call("first-key", List.of())).containsExactly(new Value.Str("alpha"));
        assertThat(host.loaded("lifeline").orElseThrow().metadata()).contains(new PluginMetadata("lifeline", "1.0.0",
                "assembled in a test", "Plinth", List.of("events")));
        assertThat(host.loaded("lifeline").orElseThrow().status())
                .contains("{\"health\":\"ready\",\"message\":null,\"processed\":1}");
    }

    @Test
    void anInitializeReturningErrIsReportedWithItsMessage() throws IOException {
        otherLoads();
        VersionInfo info = host.load(lifeline("refuser", REFUSE, "", ""));

        failed(info, ErrorCode.PLUGIN_ERROR, "refuser." + INITIALIZE, "no thanks");
        otherStillServes();
    }

    @Test
    void metadataThatIsNotThePluginTomlsRefusesTheLoad() throws IOException {
        VersionInfo info = host.load(lifeline("impostor", "", "", ""));

        failed(info, ErrorCode.INVALID_MANIFEST, "\"lifeline\" \"1.0.0\" (plinth:plugin/lifecycle@0.1.0#get-metadata)",
                "plugin.toml says \"impostor\" \"1.0.0\"");
    }

    @Test
    void aTrapInInitializeIsATrapAuditedAndTheVersionIsRefused() throws IOException {
        otherLoads();
        VersionInfo info = host.load(lifeline("trapper", TRAP, "", ""));

        failed(info, ErrorCode.TRAP, INITIALIZE);
        otherStillServes();
    }

    @Test
    void anInitializeThatSpinsEndsAtTheLoadDeadlineAudited() throws IOException {
        otherLoads();
        long started = System.nanoTime();
        VersionInfo info = host.load(lifeline("spinner", SPIN, "", ""));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        failed(info, ErrorCode.TIMEOUT, INITIALIZE);
        assertThat(host.auditLog().recent("spinner", 50)).anySatisfy(entry -> {
            assertThat(entry.what()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(entry.resource()).contains(INITIALIZE);
        });
        otherStillServes();
    }

    @Test
    void anInitializeThatBurnsFuelIsStoppedAtTheBudgetAudited() throws IOException {
        host.close();
        host = PluginHost.on(engine().fuel(1_000_000).build());
        otherLoads();
        VersionInfo info = host.load(lifeline("burner", BURN, "", ""));

        failed(info, ErrorCode.FUEL_EXHAUSTED, INITIALIZE);
        assertThat(host.auditLog().recent("burner", 50)).anySatisfy(entry -> {
            assertThat(entry.what()).isEqualTo(ErrorCode.FUEL_EXHAUSTED);
            assertThat(entry.resource()).contains(INITIALIZE);
        });
        otherStillServes();
    }

    @Test
    void aShutdownThatSpinsIsStoppedAtItsDeadlineAuditedAndTheUnloadGoesOn() throws IOException {
        otherLoads();
        assertThat(host.load(lifeline("lifeline", "", SPIN, "")).status()).isEqualTo(PluginStatus.ACTIVE);

        long started = System.nanoTime();
        assertThat(host.unload("lifeline")).isTrue();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).as("stopped at the 300 ms shutdown deadline, not the 2 s call timeout")
                .isLessThan(Duration.ofMillis(1900));
        List<AuditEntry> audit = host.auditLog().recent("lifeline", Integer.MAX_VALUE);
        assertThat(audit).anySatisfy(entry -> {
            assertThat(entry.what()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(entry.resource()).contains("plinth:plugin/lifecycle@0.1.0#shutdown");
        });
        assertThat(host.find("lifeline")).isEmpty();
        otherStillServes();
    }

    @Test
    void aLifecycleFunctionOfAnotherTypeIsRefusedNamingBothTypes() throws IOException {
        otherLoads();
        String wat = lifeline("", "").replace("(func $shutdown (canon lift", "(func $shutdown (result u32) (canon lift")
                .replace("(func (export \"shutdown\") )", "(func (export \"shutdown\") (result i32) i32.const 1)");
        Path dir = Files.createDirectories(plugins.resolve("odd"));
        Files.write(dir.resolve("odd.wasm"), ComponentWat.assemble(wat));

        VersionInfo info = host.load(dir.resolve("odd.wasm"));

        failed(info, ErrorCode.INVALID_MODULE, "plinth:plugin/lifecycle@0.1.0#shutdown as func() -> u32",
                "the engine calls it as func()");
        otherStillServes();
    }
}
