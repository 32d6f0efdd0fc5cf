package dev.plinth.reload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.plinth.api.CallRequest;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionId;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.deploy.CanaryState;
import dev.plinth.api.deploy.PluginEvent;
import dev.plinth.api.deploy.PluginEventType;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.reload.testing.GateModule;
import dev.plinth.reload.testing.PluginFiles;
import dev.plinth.reload.testing.RecordingListener;
import dev.plinth.reload.testing.Registries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator actions and version history, driven by {@link ReloadingRegistry#reload} with the watcher
 * off, so every step happens at once and in order.
 */
class DeploymentActionsTest {
    private static final String PLUGIN = "text-transformer";
    private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

    @TempDir
    Path plugins;

    private final RecordingListener events = new RecordingListener();
    private ReloadingRegistry registry;
    private Path folder;

    private void start(CanaryPolicy policy) {
        start(Registries.watching(plugins, events).watch(false).canaryPolicy(policy));
    }

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

    private void deploy(String version, String mode) {
        PluginFiles.textTransformerVersion(folder, version, mode, null);
        registry.reload(PLUGIN);
    }

    /** The id of the one version with this version string in the plugin's history. */
    private VersionId idOf(String version) {
        List<VersionId> ids = registry.history(PLUGIN).stream().map(VersionInfo::versionId)
                .filter(id -> id.version().equals(version)).distinct().toList();
        assertThat(ids).as("versions " + version + " in the history").hasSize(1);
        return ids.get(0);
    }

    private String transform(String key) {
        CallRequest request = CallRequest.of(PLUGIN, "transform", "Hello".getBytes(UTF_8));
        return new String(registry.call(key == null ? request : request.withRoutingKey(key)).output(), UTF_8);
    }

    private long servedBy(String output, int keys) {
        long count = 0;
        for (int i = 0; i < keys; i++) {
            count += transform("user-" + i).equals(output) ? 1 : 0;
        }
        return count;
    }

    @Test
    void aStagedCanaryTakesNoCallsUntilItIsGivenAWeight() {
        start(CanaryPolicy.canary(0));
        deploy("0.2.0", "lower");

        assertThat(registry.canary(PLUGIN)).contains(new CanaryState(PLUGIN, idOf("0.1.0"), idOf("0.2.0"), 0));
        assertThat(registry.history(PLUGIN)).extracting(VersionInfo::version, VersionInfo::status, VersionInfo::weight)
                .containsExactly(tuple("0.2.0", PluginStatus.STAGED, 0), tuple("0.1.0", PluginStatus.ACTIVE, 100));
        assertThat(servedBy("hello", 500)).isZero();

        registry.setCanaryWeight(PLUGIN, 30);

        assertThat(registry.history(PLUGIN)).extracting(VersionInfo::status, VersionInfo::weight)
                .as("the shares add up: the active version takes what the canary does not")
                .containsExactly(tuple(PluginStatus.CANARY, 30), tuple(PluginStatus.ACTIVE, 70));
        assertThat(registry.list()).extracting(VersionInfo::weight).containsExactly(30, 70);
        assertThat(servedBy("hello", 2_000)).isBetween(450L, 750L);
        PluginEvent changed = events.await(PluginEventType.WEIGHT_CHANGED, PLUGIN);
        assertThat(changed.figures()).containsEntry("weight", 30).containsEntry("previousWeight", 0);
        assertThat(registry.list()).extracting(VersionInfo::version, VersionInfo::status)
                .containsExactly(tuple("0.2.0", PluginStatus.CANARY), tuple("0.1.0", PluginStatus.ACTIVE));
    }

    @Test
    void promotionThenRollbackGoesBackToThePreviousVersionKeptLoaded() {
        start(CanaryPolicy.canary(10));
        deploy("0.2.0", "lower");
        servedBy("hello", 200);

        registry.promote(PLUGIN);

        PluginEvent promoted = events.await(PluginEventType.PROMOTED, PLUGIN, 2);
        assertThat(promoted.version()).isEqualTo("0.2.0");
        assertThat(promoted.figures().get("calls").longValue()).isPositive();
        assertThat(promoted.figures()).containsKeys("failureRate", "p99Millis");
        assertThat(transform(null)).isEqualTo("hello");
        assertThat(registry.history(PLUGIN)).extracting(VersionInfo::status)
                .containsExactly(PluginStatus.ACTIVE, PluginStatus.DEPRECATED);

        registry.rollback(PLUGIN);

        assertThat(transform(null)).isEqualTo("HELLO");
        assertThat(registry.active(PLUGIN)).hasValueSatisfying(p -> assertThat(p.version()).isEqualTo("0.1.0"));
        assertThat(registry.history(PLUGIN)).extracting(VersionInfo::version, VersionInfo::status)
                .containsExactly(tuple("0.2.0", PluginStatus.ROLLED_BACK), tuple("0.1.0", PluginStatus.ACTIVE));
        assertThat(registry.history(PLUGIN).get(0).lastError()).as("a rollback by request finds no fault").isEmpty();
        PluginEvent rolledBack = events.await(PluginEventType.ROLLED_BACK, PLUGIN);
        assertThat(rolledBack.versionId()).isEqualTo(idOf("0.2.0"));
        assertThat(rolledBack.message()).contains("rolled back by request")
                .contains("version " + idOf("0.1.0") + " serves again");
        assertThatThrownBy(() -> registry.rollback(PLUGIN)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no previous version");
    }

    @Test
    void anImmediateReplaceKeepsThePreviousVersionForARollback() {
        start(CanaryPolicy.immediate());
        deploy("0.2.0", "lower");
        assertThat(transform(null)).isEqualTo("hello");

        registry.rollback(PLUGIN);

        assertThat(transform(null)).isEqualTo("HELLO");
    }

    @Test
    void abortWithdrawsTheCanaryWithoutMarkingItFailed() {
        start(CanaryPolicy.canary(50));
        deploy("0.2.0", "lower");

        registry.abort(PLUGIN);

        assertThat(registry.canary(PLUGIN)).isEmpty();
        assertThat(servedBy("HELLO", 300)).isEqualTo(300);
        assertThat(registry.history(PLUGIN)).extracting(VersionInfo::status, VersionInfo::weight)
                .containsExactly(tuple(PluginStatus.DEPRECATED, 0), tuple(PluginStatus.ACTIVE, 100));
        assertThat(events.await(PluginEventType.ABORTED, PLUGIN).message()).contains("by request");
    }

    @Test
    void rollbackWithACanaryRunningWithdrawsTheCanaryAsRolledBackNotFailed() {
        start(CanaryPolicy.canary(50));
        deploy("0.2.0", "lower");

        registry.rollback(PLUGIN);

        assertThat(registry.canary(PLUGIN)).isEmpty();
        assertThat(registry.history(PLUGIN)).extracting(VersionInfo::status, VersionInfo::weight)
                .containsExactly(tuple(PluginStatus.ROLLED_BACK, 0), tuple(PluginStatus.ACTIVE, 100));
        assertThat(registry.history(PLUGIN).get(0).lastError()).isEmpty();
        assertThat(registry.list()).extracting(VersionInfo::status).containsExactly(PluginStatus.ACTIVE);
        assertThat(events.await(PluginEventType.ROLLED_BACK, PLUGIN).message()).contains("canary rolled back by request")
                .contains(idOf("0.1.0") + " takes every call");
        assertThat(servedBy("HELLO", 300)).isEqualTo(300);
    }

    @Test
    void aNewerVersionSupersedesARunningCanary() {
        start(CanaryPolicy.canary(20));
        deploy("0.2.0", "lower");
        deploy("0.3.0", "reverse");

        assertThat(registry.canary(PLUGIN)).contains(new CanaryState(PLUGIN, idOf("0.1.0"), idOf("0.3.0"), 20));
        assertThat(registry.history(PLUGIN)).extracting(VersionInfo::version, VersionInfo::status).containsExactly(
                tuple("0.3.0", PluginStatus.CANARY), tuple("0.2.0", PluginStatus.DEPRECATED),
                tuple("0.1.0", PluginStatus.ACTIVE));
        assertThat(events.await(PluginEventType.ABORTED, PLUGIN).message())
                .contains("superseded by version " + idOf("0.3.0"));
    }

    @Test
    void filesPutBackToTheActiveVersionWithdrawTheCanary() throws IOException {
        start(CanaryPolicy.canary(20));
        String original = Files.readString(folder.resolve("plugin.toml"));
        deploy("0.2.0", "lower");

        Files.writeString(folder.resolve("plugin.toml"), original);
        registry.reload(PLUGIN);

        assertThat(registry.canary(PLUGIN)).isEmpty();
        assertThat(events.await(PluginEventType.ABORTED, PLUGIN).message()).contains("back to the active version");
    }

    @Test
    void theHistoryIsBoundedNewestFirstAndStampedByTheClock() {
        start(Registries.watching(plugins, events).watch(false).historySize(3)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)));
        for (int minor = 2; minor <= 6; minor++) {
            deploy("0." + minor + ".0", minor % 2 == 0 ? "lower" : "upper");
        }

        assertThat(registry.history(PLUGIN)).extracting(VersionInfo::version, VersionInfo::status).containsExactly(
                tuple("0.6.0", PluginStatus.ACTIVE), tuple("0.5.0", PluginStatus.DEPRECATED),
                tuple("0.4.0", PluginStatus.DEPRECATED));
        assertThat(registry.history(PLUGIN)).allSatisfy(v -> {
            assertThat(v.loadedAt()).isEqualTo(NOW);
            assertThat(v.signature()).isEqualTo("unchecked");
            assertThat(v.sha256()).hasSize(64);
        });
        assertThat(events.events()).allSatisfy(e -> assertThat(e.at()).isEqualTo(NOW));
    }

    @Test
    void aDuplicatePluginNameFromAnotherFolderIsRefused() {
        start(CanaryPolicy.immediate());
        Path copy = PluginFiles.copy(PluginFiles.sample(PLUGIN), plugins.resolve("another-copy"));

        VersionInfo refused = registry.load(copy);

        assertThat(refused.status()).isEqualTo(PluginStatus.FAILED);
        assertThat(refused.lastError()).hasValueSatisfying(e -> assertThat(e.message()).contains("duplicate"));
        assertThat(registry.find(PLUGIN)).hasValueSatisfying(i -> assertThat(i.source()).isEqualTo(folder));
        assertThat(transform(null)).isEqualTo("HELLO");
    }

    @Test
    void aTrapInInitializeFailsTheNewVersionAndTheOldOneServes() {
        start(CanaryPolicy.immediate());
        GateModule.write(plugins, "gate", "1.0.0", "v1", 0);
        registry.load(plugins.resolve("gate"));
        GateModule.writeTrappingInInitialize(plugins, "gate", "2.0.0");

        registry.reload("gate");

        VersionInfo failed = registry.history("gate").get(0);
        assertThat(failed.version()).isEqualTo("2.0.0");
        assertThat(failed.status()).isEqualTo(PluginStatus.FAILED);
        assertThat(failed.lastError()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(ErrorCode.TRAP));
        assertThat(new String(registry.call("gate", "gate", new byte[] {9}), UTF_8)).isEqualTo("v1");
    }

    @Test
    void aPluginThatNeverLoadedIsListedFailedAndCallsSayWhy() throws IOException {
        Files.createDirectories(plugins.resolve("broken"));
        Files.writeString(plugins.resolve("broken/plugin.toml"), "not toml at all [");
        start(CanaryPolicy.immediate());

        assertThat(registry.find("broken")).hasValueSatisfying(i -> {
            assertThat(i.status()).isEqualTo(PluginStatus.FAILED);
            assertThat(i.lastError()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MANIFEST));
        });
        assertThatThrownBy(() -> registry.call("broken", "run", new byte[0]))
                .isInstanceOf(PluginNotFoundException.class).hasMessageContaining("failed to load");
        assertThat(transform(null)).isEqualTo("HELLO");

        Files.delete(plugins.resolve("broken/plugin.toml"));
        PluginFiles.copy(PluginFiles.sample("data-validator"), plugins.resolve("broken-fixed"));
        Files.move(plugins.resolve("broken-fixed/plugin.toml"), plugins.resolve("broken/plugin.toml"));
        Files.move(PluginFiles.wasmOf(plugins.resolve("broken-fixed")),
                plugins.resolve("broken").resolve(PluginFiles.wasmOf(plugins.resolve("broken-fixed")).getFileName()));
        registry.reload("broken");

        assertThat(registry.find("broken")).as("the failed entry under the folder's name is dropped").isEmpty();
        assertThat(registry.find("data-validator")).hasValueSatisfying(i -> assertThat(i.serving()).isTrue());
    }

    @Test
    void unloadStopsServingAndOperatorActionsNeedAPluginAndACanary() {
        start(CanaryPolicy.immediate());

        assertThatThrownBy(() -> registry.promote("nope")).isInstanceOf(PluginNotFoundException.class);
        assertThatThrownBy(() -> registry.setCanaryWeight(PLUGIN, 10)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no canary");
        assertThatThrownBy(() -> registry.abort(PLUGIN)).isInstanceOf(IllegalStateException.class);

        assertThat(registry.unload(PLUGIN)).isTrue();
        assertThat(events.await(PluginEventType.UNLOADED, PLUGIN).message()).contains("by request");
        assertThatThrownBy(() -> transform(null)).isInstanceOf(PluginNotFoundException.class);
        assertThat(registry.unload(PLUGIN)).isFalse();
        assertThat(registry.list()).isEmpty();
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheOthersNorTheChange() {
        start(CanaryPolicy.canary(10));
        registry.addListener(event -> {
            throw new IllegalStateException("listener bug");
        });
        RecordingListener late = new RecordingListener();
        registry.addListener(late);

        deploy("0.2.0", "lower");

        assertThat(late.of(PluginEventType.CANARY_STARTED)).hasSize(1);
        assertThat(registry.canary(PLUGIN)).isPresent();
        registry.removeListener(late);
        registry.promote(PLUGIN);
        assertThat(late.of(PluginEventType.PROMOTED)).isEmpty();
    }

    @Test
    void anUnchangedReloadLoadsNothing() {
        start(CanaryPolicy.immediate());
        events.clear();

        registry.reload(PLUGIN);

        assertThat(events.events()).isEmpty();
        assertThat(registry.history(PLUGIN)).hasSize(1);
    }
}
