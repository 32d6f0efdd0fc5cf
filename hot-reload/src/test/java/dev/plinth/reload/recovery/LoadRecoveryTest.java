package dev.plinth.reload.recovery;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.deploy.PluginEvent;
import dev.plinth.api.deploy.PluginEventType;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.host.PluginEngine;
import dev.plinth.reload.ReloadingRegistry;
import dev.plinth.reload.RetryPolicy;
import dev.plinth.api.deploy.RetryState;
import dev.plinth.reload.testing.Await;
import dev.plinth.reload.testing.PluginFiles;
import dev.plinth.reload.testing.RecordingListener;
import dev.plinth.reload.testing.Registries;
import dev.plinth.testing.TestPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery with a real plugin (sample-plugins/lifecycle-demo, whose initialize fails until a var
 * is set): a failure that can pass is retried with exponential backoff, each attempt an event and
 * an entry of {@link ReloadingRegistry#retries()}, until it loads; one that cannot is not retried.
 * The scheduler is the test's, so no test waits for a backoff.
 */
class LoadRecoveryTest {
    private static final String DEMO = "lifecycle-demo";
    private static final Instant NOW = Instant.parse("2026-12-03T20:00:00Z");

    @TempDir
    Path plugins;

    private final RecordingListener events = new RecordingListener();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final PluginEngine engine = Registries.engine();
    private ReloadingRegistry registry;

    private ReloadingRegistry start() {
        registry = ReloadingRegistry.builder(engine)
                .pluginsDir(plugins)
                .watch(false)
                .listener(events)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .retryPolicy(new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(400), 0))
                .retryScheduler(scheduler)
                .build();
        registry.start();
        return registry;
    }

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    private Path demoWaitingForVar() {
        Path folder = PluginFiles.copy(PluginFiles.sample(DEMO), plugins.resolve(DEMO));
        PluginFiles.editManifest(folder, "# wait-for-var = \"ready\"", "wait-for-var = \"ready\"");
        return folder;
    }

    private String greet(String name) {
        return new String(registry.call(DEMO, "greet", name.getBytes(UTF_8)), UTF_8);
    }

    private PluginEvent retryScheduled(int count) {
        return events.await(PluginEventType.RETRY_SCHEDULED, DEMO, count);
    }

    @Test
    void anInitializeThatFailsIsRetriedWithGrowingDelaysUntilItSucceeds() {
        demoWaitingForVar();
        start();

        VersionInfo failed = registry.find(DEMO).orElseThrow();
        assertThat(failed.status()).isEqualTo(PluginStatus.FAILED);
        assertThat(failed.lastError().orElseThrow().message()).contains("not ready yet");
        PluginEvent first = retryScheduled(1);
        assertThat(first.figures()).containsEntry("attempt", 1).containsEntry("delayMillis", 100L);
        assertThat(registry.retries()).singleElement().satisfies(state -> {
            assertThat(state.attempts()).isEqualTo(1);
            assertThat(state.nextAttemptAt()).isEqualTo(NOW.plusMillis(100));
            assertThat(state.lastError()).isEqualTo(ErrorCode.PLUGIN_ERROR);
        });

        for (int attempt = 2; attempt <= 4; attempt++) {
            scheduler.runTheWaitingRetry();
            assertThat(retryScheduled(attempt).figures()).containsEntry("attempt", attempt);
        }
        assertThat(scheduler.delays()).as("doubling from 100 ms, capped at 400 ms")
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                        Duration.ofMillis(400));
        assertThat(events.of(PluginEventType.FAILED, DEMO)).hasSize(4);
        assertThat(registry.retries()).singleElement().extracting(RetryState::attempts).isEqualTo(4);

        engine.vars(DEMO).putString("ready", "yes");
        scheduler.runTheWaitingRetry();

        events.await(PluginEventType.LOADED, DEMO);
        Await.until("the retried version serves", () -> registry.find(DEMO).orElseThrow().status()
                == PluginStatus.ACTIVE);
        assertThat(greet("Ada")).isEqualTo("Hello, Ada");
        Await.until("no retry is left once it loaded", () -> registry.retries().isEmpty());
        assertThat(scheduler.waiting()).isEmpty();
        assertThat(events.of(PluginEventType.RETRY_SCHEDULED, DEMO)).hasSize(4);
    }

    @Test
    void aNewVersionWhoseInitializeFailsLeavesTheActiveOneServing() {
        Path folder = PluginFiles.copy(PluginFiles.sample(DEMO), plugins.resolve(DEMO));
        start();
        assertThat(greet("Ada")).isEqualTo("Hello, Ada");

        PluginFiles.editManifest(folder, "greeting = \"Hello\"", "salutation = \"Hi\"");
        VersionInfo attempt = registry.load(folder);

        assertThat(attempt.status()).isEqualTo(PluginStatus.FAILED);
        assertThat(attempt.lastError().orElseThrow().message()).contains("config key `greeting` is missing");
        assertThat(greet("Bob")).as("the active version keeps serving").isEqualTo("Hello, Bob");
        assertThat(retryScheduled(1).message()).contains("can pass");
    }

    @Test
    void aPermanentFailureIsNotRetriedUntilItsFilesChange() throws IOException {
        Files.write(plugins.resolve("garbage.wasm"), new Random(7).ints(4096, 0, 256)
                .collect(java.io.ByteArrayOutputStream::new, java.io.ByteArrayOutputStream::write,
                        (a, b) -> a.write(b.toByteArray(), 0, b.size())).toByteArray());
        start();

        VersionInfo failed = registry.find("garbage").orElseThrow();
        assertThat(failed.lastError().orElseThrow().code()).isEqualTo(ErrorCode.INVALID_MODULE);
        assertThat(events.of(PluginEventType.RETRY_SCHEDULED)).isEmpty();
        assertThat(registry.retries()).isEmpty();
        assertThat(scheduler.waiting()).isEmpty();
    }

    @Test
    void aModuleThatEndsEarlyIsRetriedAsAFileStillBeingWritten() throws IOException {
        byte[] wasm = PluginFiles.read(PluginFiles.wasmOf(PluginFiles.sample(DEMO)));
        Path folder = PluginFiles.copy(PluginFiles.sample(DEMO), plugins.resolve(DEMO));
        Path module = PluginFiles.wasmOf(folder);
        Files.write(module, Arrays.copyOf(wasm, wasm.length / 2));
        start();

        assertThat(registry.find(DEMO).orElseThrow().lastError().orElseThrow().code())
                .isEqualTo(ErrorCode.INVALID_MODULE);
        retryScheduled(1);

        Files.write(module, wasm);
        scheduler.runTheWaitingRetry();

        Await.until("the completed file serves", () -> registry.find(DEMO).orElseThrow().status()
                == PluginStatus.ACTIVE);
        assertThat(greet("Ada")).isEqualTo("Hello, Ada");
        Await.until("no retry is left once it loaded", () -> registry.retries().isEmpty());
    }

    @Test
    void theDelayGrowsAsPromisedWithJitterTakingOffAtMostItsShare() {
        RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.5);
        assertThat(policy.delay(1, 0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delay(3, 0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.delay(3, 0.999)).isGreaterThan(Duration.ofSeconds(2)).isLessThan(Duration.ofSeconds(4));
        assertThat(policy.delay(7, 0)).as("capped").isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.delay(10_000, 0)).isEqualTo(Duration.ofSeconds(60));
        assertThat(List.of(policy.delay(2, 0.5))).containsExactly(Duration.ofMillis(1500));
    }
}
