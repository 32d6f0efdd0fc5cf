package dev.plinth.reload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.deploy.PluginEventType;
import dev.plinth.api.host.HostCallContext;
import dev.plinth.api.host.HostFunction;
import dev.plinth.host.PluginEngine;
import dev.plinth.reload.testing.PluginFiles;
import dev.plinth.reload.testing.RecordingListener;
import dev.plinth.reload.testing.Registries;
import dev.plinth.testing.Wat;
import dev.plinth.security.policy.PluginGrant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin whose load does not finish (its {@code _initialize} waits in a host function until the
 * test lets it go: a real thread blocked inside a real load, standing for a huge module compiling
 * or a slow file system) must not delay any other plugin's deployment, nor stop the watcher from
 * seeing changes, nor keep the registry from closing.
 */
class SlowLoadTest {
    private static final String TEXT = "text-transformer";

    @TempDir
    Path plugins;
    final RecordingListener events = new RecordingListener();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicBoolean interrupted = new AtomicBoolean();
    ReloadingRegistry registry;

    /** {@code hold}: called by the slow plugin's {@code _initialize}; returns once the test releases it. */
    private final HostFunction hold = new HostFunction() {
        @Override
        public String name() {
            return "hold";
        }

        @Override
        public int parameterCount() {
            return 0;
        }

        @Override
        public boolean returnsValue() {
            return false;
        }

        @Override
        public byte[] invoke(HostCallContext context, List<byte[]> arguments) {
            entered.countDown();
            try {
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the load");
                }
            } catch (InterruptedException e) {
                interrupted.set(true);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while held", e);
            }
            return null;
        }
    };

    @BeforeEach
    void start() throws IOException {
        plugins = plugins.toRealPath();
        PluginFiles.copy(PluginFiles.sample(TEXT), plugins.resolve(TEXT));
        PluginEngine engine = PluginEngine.builder()
                .limits(PluginLimits.DEFAULTS.withCallTimeout(Duration.ofSeconds(60)))
                .hostFunction(hold)
                .grant("slow", PluginGrant.builder().hostFunction("hold").build())
                .build();
        registry = ReloadingRegistry.builder(engine).pluginsDir(plugins).debounce(Registries.DEBOUNCE)
                .rescanInterval(Duration.ofMillis(500)).loaderThreads(2).listener(events).build();
        registry.start();
    }

    @AfterEach
    void close() {
        release.countDown();
        registry.close();
    }

    private String transform(String text) {
        return new String(registry.call(TEXT, "transform", text.getBytes(UTF_8)), UTF_8);
    }

    /** The slow plugin, copied into a hidden folder and renamed into place as an operator would. */
    private void deploySlowPlugin() throws Exception {
        Path hidden = Files.createDirectories(plugins.resolve(".slow"));
        Files.write(hidden.resolve("slow.wasm"), Wat.assemble("""
                (module
                  (import "extism:host/user" "hold" (func $hold))
                  (memory (export "memory") 1)
                  (func (export "_initialize") (call $hold))
                  (func (export "run") (result i32) (i32.const 0)))
                """));
        Files.writeString(hidden.resolve("plugin.toml"), """
                [plugin]
                name = "slow"
                version = "1.0.0"
                entrypoint = "slow.wasm"

                [permissions]
                host-functions = ["hold"]
                """);
        Files.move(hidden, plugins.resolve("slow"), StandardCopyOption.ATOMIC_MOVE);
        assertThat(entered.await(15, TimeUnit.SECONDS)).as("the slow plugin's load reached _initialize").isTrue();
    }

    private void deploySample(String sample) throws IOException {
        Path hidden = PluginFiles.copy(PluginFiles.sample(sample), plugins.resolve("." + sample));
        Files.move(hidden, plugins.resolve(sample), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aStuckLoadDelaysNoOtherDeployAndTheWatcherKeepsSeeingChanges() throws Exception {
        deploySlowPlugin();

        long copied = System.nanoTime();
        deploySample("data-validator");
        events.await(PluginEventType.PROMOTED, "data-validator");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - copied);
        System.out.println("host-work: data-validator deployed by the watcher " + millis + " ms after it was copied"
                + " (debounce " + Registries.DEBOUNCE.toMillis() + " ms), while the slow plugin's load was stuck");
        assertThat(millis).as("not held up by the stuck load").isLessThan(5_000);
        assertThat(registry.call("data-validator", "validate", "[]".getBytes(UTF_8))).isNotEmpty();

        PluginFiles.textTransformerVersion(plugins.resolve(TEXT), "0.9.0", "lower", null);
        events.await(PluginEventType.PROMOTED, TEXT, 2);
        assertThat(transform("Still Stuck")).isEqualTo("still stuck");
        assertThat(registry.load(plugins.resolve("data-validator")).serving()).isTrue();
        assertThat(events.of(PluginEventType.LOADED, "slow")).isEmpty();
        assertThat(registry.find("slow")).isEmpty();

        release.countDown();
        events.await(PluginEventType.PROMOTED, "slow");
        assertThat(registry.call("slow", "run", new byte[0])).isEmpty();
        assertThat(interrupted).isFalse();
    }

    @Test
    void closingTheRegistryDoesNotWaitForAStuckLoad() throws Exception {
        deploySlowPlugin();

        long started = System.nanoTime();
        registry.close();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        System.out.println("host-work: close() with a stuck load took " + millis + " ms");
        assertThat(millis).isLessThan(5_000);
        assertThat(interrupted).as("the stuck load was interrupted").isTrue();
        assertThat(registry.find("slow")).isEmpty();
    }
}
