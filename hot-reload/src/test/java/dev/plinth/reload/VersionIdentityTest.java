package dev.plinth.reload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionId;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.deploy.CanaryState;
import dev.plinth.api.deploy.PluginEvent;
import dev.plinth.api.deploy.PluginEventType;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.host.PluginEngine;
import dev.plinth.reload.testing.Await;
import dev.plinth.reload.testing.PluginFiles;
import dev.plinth.reload.testing.RecordingListener;
import dev.plinth.reload.testing.Registries;
import dev.plinth.security.signature.SignatureVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Versions are told apart by their source digest, not their version string: a rebuilt module, a
 * changed manifest or a new signature file is a new version with its own {@link VersionId}, and
 * the version kept for rollback can be named and staged as the canary again.
 */
class VersionIdentityTest {
    private static final String PLUGIN = "text-transformer";

    @TempDir
    Path plugins;

    private final RecordingListener events = new RecordingListener();
    private ReloadingRegistry registry;
    private Path folder;

    private void start(ReloadingRegistry.Builder builder) {
        folder = PluginFiles.copy(PluginFiles.sample(PLUGIN), plugins.resolve(PLUGIN));
        registry = builder.build();
        registry.start();
    }

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    private void rebuild(int build) {
        Path wasm = PluginFiles.wasmOf(folder);
        PluginFiles.replaceAtomically(wasm, PluginFiles.withCustomSection(PluginFiles.read(wasm), "plinth-test-build",
                Integer.toString(build).getBytes(UTF_8)));
    }

    @Test
    void aRebuildWithTheSameVersionStringIsACanaryWithItsOwnIdInStateEventsAndLogs() {
        start(Registries.watching(plugins, events).watch(false).canaryPolicy(CanaryPolicy.canary(30)));
        VersionId first = registry.find(PLUGIN).orElseThrow().versionId();
        events.clear();

        rebuild(2);
        registry.reload(PLUGIN);

        CanaryState canary = registry.canary(PLUGIN).orElseThrow();
        assertThat(canary.activeVersion()).isEqualTo(canary.canaryVersion()).isEqualTo("0.1.0");
        assertThat(canary.active()).isEqualTo(first);
        assertThat(canary.canary()).isNotEqualTo(first);
        assertThat(canary.canary().toString()).matches("0\\.1\\.0@[0-9a-f]{8}");
        assertThat(registry.list()).extracting(VersionInfo::versionId, VersionInfo::status, VersionInfo::weight)
                .containsExactlyInAnyOrder(tuple(canary.canary(), PluginStatus.CANARY, 30),
                        tuple(first, PluginStatus.ACTIVE, 70));
        PluginEvent started = events.await(PluginEventType.CANARY_STARTED, PLUGIN);
        assertThat(started.versionId()).isEqualTo(canary.canary());
        assertThat(started.message()).contains("next to version " + first);
        assertThat(registry.canaryVersion(PLUGIN).orElseThrow().versionId()).isEqualTo(canary.canary());

        assertThatThrownBy(() -> registry.stageCanary(PLUGIN, "0.1.0", 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names 2 loaded versions")
                .hasMessageContaining(first.toString()).hasMessageContaining(canary.canary().toString());
    }

    @Test
    void aManifestOnlyChangeKeepsTheModulesSha256AndChangesTheDigest() throws IOException {
        start(Registries.watching(plugins, events).watch(false).canaryPolicy(CanaryPolicy.immediate()));
        PluginFiles.editManifest(folder, "mode = \"[^\"]*\"", "mode = \"lower\"");

        registry.reload(PLUGIN);

        assertThat(registry.history(PLUGIN)).hasSize(2);
        VersionInfo now = registry.history(PLUGIN).get(0);
        VersionInfo before = registry.history(PLUGIN).get(1);
        assertThat(now.sha256()).as("the module did not change").isEqualTo(before.sha256());
        assertThat(now.digest()).isNotEqualTo(before.digest()).matches("[0-9a-f]{64}");
        assertThat(now.versionId()).isNotEqualTo(before.versionId());
        try (PluginEngine engine = Registries.engine()) {
            assertThat(engine.sourceDigest(folder)).as("the digest is the engine's, of the files as they are")
                    .isEqualTo(now.digest());
        }
    }

    @Test
    void aSignatureFileWrittenAloneIsSeenByTheWatcherAndMakesANewVersion() throws IOException {
        start(Registries.watching(plugins, events).canaryPolicy(CanaryPolicy.immediate()));
        VersionInfo unsigned = registry.find(PLUGIN).orElseThrow();
        events.clear();

        Path signature = SignatureVerifier.signatureFileOf(PluginFiles.wasmOf(folder));
        Files.writeString(signature, "not checked: the engine's signatures are off\n");

        events.await(PluginEventType.PROMOTED, PLUGIN);
        VersionInfo signed = registry.find(PLUGIN).orElseThrow();
        assertThat(signed.sha256()).isEqualTo(unsigned.sha256());
        assertThat(signed.digest()).isNotEqualTo(unsigned.digest());
        assertThat(PluginEngine.sourceFiles(folder)).contains(signature);

        events.clear();
        Files.writeString(signature, "another signature\n");
        events.await(PluginEventType.PROMOTED, PLUGIN);
        Await.until("the second signature serves", () -> !registry.find(PLUGIN).orElseThrow().digest()
                .equals(signed.digest()));
    }

    @Test
    void theVersionKeptForRollbackIsStagedAsCanaryByItsIdAndKeptAgainWhenAborted() {
        start(Registries.watching(plugins, events).watch(false).canaryPolicy(CanaryPolicy.immediate()));
        VersionId first = registry.find(PLUGIN).orElseThrow().versionId();
        PluginFiles.textTransformerVersion(folder, "0.2.0", "lower", null);
        registry.reload(PLUGIN);
        VersionId second = registry.find(PLUGIN).orElseThrow().versionId();
        events.clear();

        registry.stageCanary(PLUGIN, first.toString(), 25);

        assertThat(registry.canary(PLUGIN)).contains(new CanaryState(PLUGIN, second, first, 25));
        assertThat(registry.history(PLUGIN)).extracting(VersionInfo::versionId, VersionInfo::status,
                VersionInfo::weight).containsExactly(tuple(second, PluginStatus.ACTIVE, 75),
                        tuple(first, PluginStatus.CANARY, 25));
        assertThat(events.await(PluginEventType.CANARY_STARTED, PLUGIN).message()).contains("staged again");
        long upper = 0;
        for (int i = 0; i < 400; i++) {
            upper += new String(registry.call(dev.plinth.api.CallRequest.of(PLUGIN, "transform",
                    "Hi".getBytes(UTF_8)).withRoutingKey("k" + i)).output(), UTF_8).equals("HI") ? 1 : 0;
        }
        assertThat(upper).as("the old version takes its share of keys").isBetween(50L, 150L);

        registry.stageCanary(PLUGIN, first.toString(), 40);
        assertThat(registry.canary(PLUGIN).orElseThrow().weight()).as("naming the canary sets its weight")
                .isEqualTo(40);

        registry.abort(PLUGIN);

        assertThat(registry.canary(PLUGIN)).isEmpty();
        assertThat(registry.history(PLUGIN)).extracting(VersionInfo::status)
                .containsExactly(PluginStatus.ACTIVE, PluginStatus.DEPRECATED);
        assertThat(events.await(PluginEventType.ABORTED, PLUGIN).message()).contains("stays loaded for a rollback");
        registry.rollback(PLUGIN);
        assertThat(registry.find(PLUGIN).orElseThrow().versionId()).as("still loaded, so still a rollback")
                .isEqualTo(first);
        assertThat(registry.history(PLUGIN).get(0).status()).isEqualTo(PluginStatus.ROLLED_BACK);

        assertThatThrownBy(() -> registry.stageCanary(PLUGIN, second.toString(), 10))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("rolled-back and no longer loaded");
        assertThatThrownBy(() -> registry.stageCanary(PLUGIN, first.toString(), 10))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is the active version");
        assertThatThrownBy(() -> registry.stageCanary(PLUGIN, "0.9.0@00000000", 10))
                .isInstanceOf(PluginNotFoundException.class).hasMessageContaining("has no version 0.9.0@00000000");
    }
}
