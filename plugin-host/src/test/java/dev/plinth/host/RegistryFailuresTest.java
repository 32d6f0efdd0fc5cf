package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginError;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PayloadTooLargeException;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.api.host.HostFunction;
import dev.plinth.testing.TestPlugins;
import dev.plinth.testing.Wat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken plugins of every kind: each is listed as failed with a typed error that says what is wrong
 * and where, and the good plugin in the same folder keeps serving.
 */
class RegistryFailuresTest {
    @TempDir
    Path plugins;

    private PluginHost host = PluginHost.on(PluginEngine.builder()
            .hostFunction(HostFunction.of("lookup-context", key -> key))
            .build());

    @AfterEach
    void close() {
        host.close();
    }

    private Path good() {
        return TestPlugins.copy(TestPlugins.sample("text-transformer"), plugins, "text-transformer");
    }

    private Path copyWithManifest(String dir, String from, String to) throws IOException {
        Path copy = TestPlugins.copy(TestPlugins.sample("text-transformer"), plugins, dir);
        Path manifest = copy.resolve("plugin.toml");
        String text = Files.readString(manifest);
        String changed = text.replaceFirst(from, to);
        assertThat(changed).as("test setup: manifest must contain " + from).isNotEqualTo(text);
        Files.writeString(manifest, changed);
        return copy;
    }

    private PluginError loadFailing(Path source, ErrorCode code, String... fragments) {
        VersionInfo info = host.load(source);
        assertThat(info.status()).as(info.toString()).isEqualTo(PluginStatus.FAILED);
        PluginError error = info.lastError().orElseThrow();
        assertThat(error.code()).as(error.message()).isEqualTo(code);
        assertThat(error.message()).contains(fragments);
        return error;
    }

    private void assertGoodStillServes() {
        assertThat(host.call("text-transformer", "echo", "still here".getBytes(UTF_8)))
                .asString(UTF_8).isEqualTo("still here");
    }

    @Test
    void truncatedAndRandomBytesAreInvalidModules() throws IOException {
        host.load(good());
        byte[] wasm = Files.readAllBytes(TestPlugins.wasmOf(TestPlugins.sample("text-transformer")));
        Path truncated = Files.write(plugins.resolve("truncated.wasm"), Arrays.copyOf(wasm, wasm.length / 2));
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        Path random = Files.write(plugins.resolve("random.wasm"), noise);
        Path empty = Files.write(plugins.resolve("empty.wasm"), new byte[0]);

        loadFailing(truncated, ErrorCode.INVALID_MODULE, "truncated.wasm", "not a valid WebAssembly module");
        loadFailing(random, ErrorCode.INVALID_MODULE, "random.wasm");
        loadFailing(empty, ErrorCode.INVALID_MODULE, "empty.wasm");
        assertGoodStillServes();
        assertThat(host.list()).extracting(VersionInfo::name).contains("truncated", "random", "empty", "text-transformer");
    }

    @Test
    void moduleWithForeignImportsIsRefusedButOneWithoutMemoryLoads() throws IOException {
        host.load(good());
        // Extism's memory is the host's: a module needs no memory of its own (issue 12; refused before)
        Path noMemory = Wat.write(plugins, "no-memory", "(module (func (export \"run\") (result i32) i32.const 0))");
        Path foreign = Wat.write(plugins, "foreign", """
                (module (import "env" "launch_missiles" (func (result i32)))
                        (memory (export "memory") 1))""");
        Path wrongAbiType = Wat.write(plugins, "wrong-abi", """
                (module (import "extism:host/env" "alloc" (func (param i32) (result i32)))
                        (memory (export "memory") 1))""");
        Path unknownAbi = Wat.write(plugins, "unknown-abi", """
                (module (import "extism:host/env" "spawn_thread" (func))
                        (memory (export "memory") 1))""");

        assertThat(host.load(noMemory).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(host.call("no-memory", "run", new byte[0])).isEmpty();
        loadFailing(foreign, ErrorCode.INVALID_MODULE, "env.launch_missiles");
        loadFailing(wrongAbiType, ErrorCode.INVALID_MODULE, "extism:host/env.alloc", "host defines it as");
        loadFailing(unknownAbi, ErrorCode.INVALID_MODULE, "spawn_thread", "not part of the Extism ABI");
        assertGoodStillServes();
    }

    @Test
    void badManifestsNameTheKeyAndTheProblem() throws IOException {
        host.load(good());
        loadFailing(copyWithManifest("bad-version", "version = \"[^\"]*\"", "version = \"1.x\""),
                ErrorCode.INVALID_MANIFEST, "plugin.toml", "plugin.version");
        loadFailing(copyWithManifest("unknown-key", "\\[plugin\\]", "[plugin]\ncolour = \"red\""),
                ErrorCode.INVALID_MANIFEST, "plugin.colour");
        loadFailing(copyWithManifest("wrong-type", "version = \"[^\"]*\"", "version = 3"),
                ErrorCode.INVALID_MANIFEST, "plugin.version");
        loadFailing(copyWithManifest("missing-entrypoint", "entrypoint = \"[^\"]*\"", "entrypoint = \"missing.wasm\""),
                ErrorCode.INVALID_MANIFEST, "plugin.entrypoint", "missing.wasm");
        loadFailing(copyWithManifest("future-host", "host-api = \"[^\"]*\"", "host-api = \">=2.0.0\""),
                ErrorCode.INCOMPATIBLE, ">=2.0.0");
        assertGoodStillServes();
    }

    @Test
    void folderWithModuleButNoManifestAndBadBareNameAreReported() throws IOException {
        Path noManifest = Files.createDirectories(plugins.resolve("no-manifest"));
        Files.copy(TestPlugins.wasmOf(TestPlugins.sample("text-transformer")), noManifest.resolve("x.wasm"));
        Files.copy(TestPlugins.wasmOf(TestPlugins.sample("text-transformer")), plugins.resolve("9lives.wasm"));
        good();

        host.loadAll(plugins);
        assertThat(host.find("no-manifest").orElseThrow().lastError().orElseThrow().message()).contains("no plugin.toml");
        assertThat(host.find("9lives").orElseThrow().lastError().orElseThrow().code())
                .isEqualTo(ErrorCode.INVALID_MANIFEST);
        assertGoodStillServes();
    }

    @Test
    void twoPluginsWithOneNameLeaveTheFirstServing() throws IOException {
        Path first = TestPlugins.copy(TestPlugins.sample("text-transformer"), plugins, "a-copy");
        Path second = TestPlugins.copy(TestPlugins.sample("text-transformer"), plugins, "b-copy");
        assertThat(host.load(first).status()).isEqualTo(PluginStatus.ACTIVE);
        loadFailing(second, ErrorCode.INVALID_MANIFEST, "duplicate plugin name", first.toString());
        assertGoodStillServes();
        assertThat(host.find("text-transformer").orElseThrow().source()).isEqualTo(first.toAbsolutePath());
    }

    @Test
    void hostFunctionsMustBeOfferedAndAskedFor() throws IOException {
        Path enricher = TestPlugins.copy(TestPlugins.sample("log-enricher"), plugins, "log-enricher");
        Path manifest = enricher.resolve("plugin.toml");
        Files.writeString(manifest, Files.readString(manifest).replaceFirst("host-functions = \\[[^]]*]", ""));
        loadFailing(enricher, ErrorCode.PERMISSION_DENIED, "lookup-context", "permissions.host-functions");

        try (PluginHost bare = PluginHost.on(PluginEngine.builder().build())) {
            VersionInfo info = bare.load(TestPlugins.sample("log-enricher"));
            assertThat(info.lastError().orElseThrow().code()).isEqualTo(ErrorCode.INVALID_MODULE);
            assertThat(info.lastError().orElseThrow().message()).contains("does not provide");
        }
    }

    @Test
    void callsToUnknownPluginsFunctionsAndOversizedInputsAreRefused() {
        host.close();
        host = PluginHost.on(PluginEngine.builder().limits(PluginLimits.DEFAULTS.withMaxInputBytes(1024)).build());
        host.load(good());
        assertThatThrownBy(() -> host.call("nope", "echo", new byte[0]))
                .isInstanceOf(PluginNotFoundException.class).hasMessageContaining("text-transformer");
        assertThatThrownBy(() -> host.call("text-transformer", "launch", new byte[0]))
                .isInstanceOf(PluginNotFoundException.class).hasMessageContaining("no export \"launch\"")
                .hasMessageContaining("echo");
        assertThatThrownBy(() -> host.call("text-transformer", "echo", new byte[1025]))
                .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("1025");
        assertThat(host.call("text-transformer", "echo", new byte[1024])).hasSize(1024);
    }

    @Test
    void aFailedPluginAnswersCallsWithItsLoadError() throws IOException {
        Path random = Files.write(plugins.resolve("broken.wasm"), new byte[] {0, 'a', 's', 'm', 9, 9});
        host.load(random);
        assertThatThrownBy(() -> host.call("broken", "run", new byte[0]))
                .isInstanceOf(PluginNotFoundException.class)
                .hasMessageContaining("failed to load").hasMessageContaining("invalid-module");
        assertThat(host.unload("broken")).isTrue();
        assertThat(host.find("broken")).isEmpty();
    }
}
