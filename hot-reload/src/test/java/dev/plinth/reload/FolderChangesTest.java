package dev.plinth.reload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.deploy.PluginEvent;
import dev.plinth.api.deploy.PluginEventType;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.api.file.PluginFolder;
import dev.plinth.api.file.SizeCap;
import dev.plinth.reload.internal.FileSha256;
import dev.plinth.reload.testing.Await;
import dev.plinth.reload.testing.PluginFiles;
import dev.plinth.reload.testing.RecordingListener;
import dev.plinth.reload.testing.Registries;
import dev.plinth.security.policy.PluginGrant;
import dev.plinth.testing.TestPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real files in a temporary plugins folder, changed the ways operators and copy tools change them,
 * with the watcher acting on its own.
 */
class FolderChangesTest {
    private static final String PLUGIN = "text-transformer";

    @TempDir
    Path plugins;

    private final RecordingListener events = new RecordingListener();
    private ReloadingRegistry registry;
    private Path folder;

    private ReloadingRegistry start(ReloadingRegistry.Builder builder) {
        folder = PluginFiles.copy(PluginFiles.sample(PLUGIN), plugins.resolve(PLUGIN));
        registry = builder.build();
        registry.start();
        assertThat(transform("Hello")).isEqualTo("HELLO");
        return registry;
    }

    private ReloadingRegistry start() {
        return start(Registries.watching(plugins, events));
    }

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    private String transform(String text) {
        return new String(registry.call(PLUGIN, "transform", text.getBytes(UTF_8)), UTF_8);
    }

    private byte[] newBuild(int build) {
        byte[] wasm = PluginFiles.read(PluginFiles.wasmOf(PluginFiles.sample(PLUGIN)));
        return PluginFiles.withCustomSection(wasm, "plinth-test-build", Integer.toString(build).getBytes(UTF_8));
    }

    private static String sha256(byte[] bytes) {
        try {
            Path file = Files.createTempFile("sha", ".bin");
            Files.write(file, bytes);
            String sha = FileSha256.of(file, new SizeCap(bytes.length, "test"), PluginFolder.ANYWHERE);
            Files.delete(file);
            return sha;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aModuleCopiedInSlowlyInChunksIsLoadedOnceComplete_neverHalfWritten() {
        // A debounce well above the pauses between chunks, so a slow CI box cannot stretch a pause past it.
        start(Registries.watching(plugins, events).debounce(Duration.ofMillis(400)));
        events.clear();
        byte[] v2 = newBuild(2);
        PluginFiles.writeSlowly(PluginFiles.wasmOf(folder), v2, 12, Duration.ofMillis(40));
        byte[] bare = newBuild(3);
        PluginFiles.writeSlowly(plugins.resolve("slow-copy.wasm"), bare, 12, Duration.ofMillis(40));

        events.await(PluginEventType.PROMOTED, PLUGIN);
        events.await(PluginEventType.PROMOTED, "slow-copy");
        Await.pause(600);
        assertThat(events.of(PluginEventType.FAILED)).as("no half-written module was ever tried").isEmpty();
        assertThat(events.count(PluginEventType.LOADED, PLUGIN)).isEqualTo(1);
        assertThat(events.count(PluginEventType.LOADED, "slow-copy")).isEqualTo(1);
        assertThat(registry.history(PLUGIN)).extracting(VersionInfo::sha256, VersionInfo::status)
                .first().isEqualTo(org.assertj.core.groups.Tuple.tuple(sha256(v2), PluginStatus.ACTIVE));
        assertThat(registry.find("slow-copy")).hasValueSatisfying(info -> {
            assertThat(info.status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(info.sha256()).isEqualTo(sha256(bare));
        });
        assertThat(new String(registry.call("slow-copy", "echo", "whole".getBytes(UTF_8)), UTF_8)).isEqualTo("whole");
    }

    @Test
    void aCorruptedNewVersionFailsAndTheOldOneKeepsServing() throws IOException {
        start();
        byte[] wasm = PluginFiles.read(PluginFiles.wasmOf(folder));
        Files.write(PluginFiles.wasmOf(folder), Arrays.copyOf(wasm, wasm.length / 3));

        PluginEvent failed = events.await(PluginEventType.FAILED, PLUGIN);
        assertThat(failed.message()).contains("invalid-module").contains("keeps serving");
        assertThat(transform("still")).isEqualTo("STILL");
        VersionInfo newest = registry.history(PLUGIN).get(0);
        assertThat(newest.status()).isEqualTo(PluginStatus.FAILED);
        assertThat(newest.lastError()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MODULE));
        assertThat(registry.history(PLUGIN).get(1).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(registry.list()).extracting(VersionInfo::name, VersionInfo::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(PLUGIN, PluginStatus.ACTIVE),
                org.assertj.core.groups.Tuple.tuple(PLUGIN, PluginStatus.FAILED));

        Files.write(PluginFiles.wasmOf(folder), newBuild(2));
        events.await(PluginEventType.PROMOTED, PLUGIN, 2);
        assertThat(registry.history(PLUGIN)).extracting(VersionInfo::status)
                .containsExactly(PluginStatus.ACTIVE, PluginStatus.FAILED, PluginStatus.DEPRECATED);
        assertThat(transform("fixed")).isEqualTo("FIXED");
    }

    @Test
    void aBrokenManifestIsFailedWithTheReason() throws IOException {
        start();
        Files.writeString(folder.resolve("plugin.toml"), "[plugin]\nname = \"text-transformer\"\nversion = [broken\n");

        PluginEvent failed = events.await(PluginEventType.FAILED, PLUGIN);
        assertThat(failed.message()).contains("invalid-manifest");
        VersionInfo newest = registry.history(PLUGIN).get(0);
        assertThat(newest.status()).isEqualTo(PluginStatus.FAILED);
        assertThat(newest.lastError()).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MANIFEST);
            assertThat(e.message()).contains("plugin.toml");
        });
        assertThat(transform("old")).isEqualTo("OLD");
    }

    @Test
    void anIncompatibleHostApiIsFailedAndTheOldOneKeepsServing() {
        start();
        PluginFiles.editManifest(folder, "host-api = \"[^\"]*\"", "host-api = \">=2.0.0\"");

        events.await(PluginEventType.FAILED, PLUGIN);
        assertThat(registry.history(PLUGIN).get(0).lastError())
                .hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(ErrorCode.INCOMPATIBLE));
        assertThat(transform("old")).isEqualTo("OLD");
    }

    @Test
    void aManifestOnlyChangeIsANewVersion() {
        start();
        PluginFiles.textTransformerVersion(folder, "0.2.0", "lower", "v2:");

        events.await(PluginEventType.PROMOTED, PLUGIN, 2);
        assertThat(transform("Hello")).isEqualTo("v2:hello");
        List<VersionInfo> history = registry.history(PLUGIN);
        assertThat(history).extracting(VersionInfo::version).containsExactly("0.2.0", "0.1.0");
        assertThat(history.get(0).sha256()).as("same module").isEqualTo(history.get(1).sha256());
    }

    @Test
    void aModuleReplacedByAnAtomicMoveIsLoaded() {
        start();
        byte[] v2 = newBuild(2);
        PluginFiles.replaceAtomically(PluginFiles.wasmOf(folder), v2);

        events.await(PluginEventType.PROMOTED, PLUGIN, 2);
        assertThat(registry.active(PLUGIN)).hasValueSatisfying(p -> assertThat(p.sha256()).isEqualTo(sha256(v2)));
        assertThat(events.of(PluginEventType.FAILED)).isEmpty();
    }

    @Test
    void theSameBytesAgainReloadNothing() throws IOException {
        start();
        events.clear();
        Path wasm = PluginFiles.wasmOf(folder);
        Files.write(wasm, PluginFiles.read(wasm));
        Files.setLastModifiedTime(folder.resolve("plugin.toml"), FileTime.from(Instant.now().plusSeconds(5)));
        registry.reload(PLUGIN);
        Await.pause(3 * Registries.DEBOUNCE.toMillis() + 600);

        assertThat(events.of(PluginEventType.DETECTED)).isEmpty();
        assertThat(events.of(PluginEventType.LOADED)).isEmpty();
        assertThat(registry.history(PLUGIN)).hasSize(1);
    }

    @Test
    void aRenamedPluginFolderKeepsServingTheSameVersionWithoutAFailedCall() throws Exception {
        start();
        AtomicBoolean calling = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        Thread caller = new Thread(() -> {
            while (calling.get()) {
                try {
                    transform("x");
                    calls.incrementAndGet();
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                }
            }
        });
        caller.start();
        Path renamed = plugins.resolve("text-transformer-renamed");
        Files.move(folder, renamed, StandardCopyOption.ATOMIC_MOVE);

        PluginEvent moved = events.await(PluginEventType.DETECTED, PLUGIN, 2);
        Await.pause(Registries.DEBOUNCE.toMillis() * 3);
        calling.set(false);
        caller.join();
        assertThat(moved.message()).contains("moved").contains("nothing to reload");
        assertThat(failures).hasValue(0);
        assertThat(calls.get()).isPositive();
        assertThat(events.of(PluginEventType.UNLOADED)).isEmpty();
        assertThat(events.count(PluginEventType.LOADED, PLUGIN)).isEqualTo(1);
        assertThat(registry.find(PLUGIN)).hasValueSatisfying(i -> assertThat(i.source()).isEqualTo(renamed));

        PluginFiles.textTransformerVersion(renamed, "0.2.0", "lower", null);
        events.await(PluginEventType.PROMOTED, PLUGIN, 2);
        assertThat(transform("Renamed")).isEqualTo("renamed");
    }

    @Test
    void aDeletedPluginIsUnloadedAfterItsCallInFlightFinishes() throws Exception {
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        dev.plinth.host.PluginEngine engine = dev.plinth.host.PluginEngine.builder()
                .hostFunction(dev.plinth.api.host.HostFunction.of("echo-host", bytes -> {
                    entered.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return bytes;
                }))
                .grant("abi-fixtures", PluginGrant.builder().hostFunction("echo-host").build())
                .build();
        Path fixture = PluginFiles.copy(PluginFiles.fixture("abi-fixtures"), plugins.resolve("abi-fixtures"));
        start(ReloadingRegistry.builder(engine).pluginsDir(plugins).debounce(Registries.DEBOUNCE)
                .rescanInterval(Duration.ofMillis(500)).listener(events));

        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread inFlight = new Thread(() -> {
            try {
                outcome.set(new String(registry.call("abi-fixtures", "host_echo", "in flight".getBytes(UTF_8)), UTF_8));
            } catch (RuntimeException e) {
                outcome.set(e);
            }
        });
        inFlight.start();
        assertThat(entered.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        TestPlugins.deleteTree(fixture);

        PluginEvent unloaded = events.await(PluginEventType.UNLOADED, "abi-fixtures");
        assertThat(unloaded.figures()).containsEntry("inFlight", 1);
        assertThatThrownBy(() -> registry.call("abi-fixtures", "echo", new byte[0]))
                .isInstanceOf(PluginNotFoundException.class);
        assertThat(registry.find("abi-fixtures")).isEmpty();
        release.countDown();
        inFlight.join(10_000);
        assertThat(outcome.get()).isEqualTo("in flight");
        assertThat(transform("others serve")).isEqualTo("OTHERS SERVE");
    }

    @Test
    void aNewPluginFolderIsPickedUp() {
        start();
        PluginFiles.copy(PluginFiles.sample("data-validator"), plugins.resolve("data-validator"));

        events.await(PluginEventType.PROMOTED, "data-validator");
        assertThat(registry.find("data-validator")).hasValueSatisfying(i -> assertThat(i.serving()).isTrue());
        assertThat(registry.list()).extracting(VersionInfo::name).containsExactly("data-validator", PLUGIN);
    }

    @Test
    void aFolderRefusedAsADuplicateServesOnceTheOriginalIsDeleted() throws IOException {
        start();
        Path copy = PluginFiles.copy(PluginFiles.sample(PLUGIN), plugins.resolve("zz-second-copy"));
        PluginFiles.textTransformerVersion(copy, "0.9.0", "lower", "copy:");
        PluginEvent refused = events.await(PluginEventType.FAILED, PLUGIN);
        assertThat(refused.message()).contains("duplicate plugin name");
        assertThat(transform("Original")).isEqualTo("ORIGINAL");

        TestPlugins.deleteTree(folder);

        events.await(PluginEventType.UNLOADED, PLUGIN);
        events.await(PluginEventType.PROMOTED, PLUGIN, 2);
        assertThat(transform("Copy")).isEqualTo("copy:copy");
        assertThat(registry.find(PLUGIN)).hasValueSatisfying(i -> assertThat(i.source()).isEqualTo(copy));
    }

}
