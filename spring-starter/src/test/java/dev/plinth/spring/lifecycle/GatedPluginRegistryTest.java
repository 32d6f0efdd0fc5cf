package dev.plinth.spring.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.CallRequest;
import dev.plinth.api.CallResult;
import dev.plinth.api.PluginRegistry;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.deploy.CanaryState;
import dev.plinth.api.deploy.PluginDeployments;
import dev.plinth.api.deploy.PluginEventListener;
import dev.plinth.api.error.PluginBusyException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Refusing new calls, waiting for running ones, closing once: the gate and the lifecycle around it. */
class GatedPluginRegistryTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private final AtomicInteger closes = new AtomicInteger();
    private final BlockingRegistry inner = new BlockingRegistry();
    private final GatedPluginRegistry gate = new GatedPluginRegistry(inner, inner, name -> Optional.empty());

    @Test
    void lifecycleRefusesNewCallsWaitsForRunningOnesThenCloses() throws Exception {
        CompletableFuture<CallResult> running = CompletableFuture.supplyAsync(() -> gate.call(request()));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        PluginRegistryLifecycle lifecycle = new PluginRegistryLifecycle(gate, Duration.ofSeconds(10));
        lifecycle.start();
        AtomicBoolean stopped = new AtomicBoolean();

        lifecycle.stop(() -> stopped.set(true));

        assertThatThrownBy(() -> gate.call(request())).isInstanceOf(PluginBusyException.class)
                .hasMessageContaining("shutting down");
        Thread.sleep(100);
        assertThat(stopped).isFalse();
        assertThat(closes).hasValue(0);

        release.countDown();
        assertThat(running.get(5, TimeUnit.SECONDS).version()).isEqualTo("1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!stopped.get() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(stopped).isTrue();
        assertThat(closes).hasValue(1);
        assertThat(lifecycle.isRunning()).isFalse();
        gate.close();
        assertThat(closes).as("closed once").hasValue(1);
    }

    @Test
    void drainWaitIsBounded() throws Exception {
        CompletableFuture.supplyAsync(() -> gate.call(request()));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        gate.stopAccepting();
        assertThat(gate.awaitIdle(Duration.ofMillis(50))).isFalse();
        release.countDown();
        assertThat(gate.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(gate.callsInFlight()).isZero();
    }

    private static CallRequest request() {
        return CallRequest.of("p", "f", new byte[0]);
    }

    /** A registry whose calls wait for the test's latch. */
    private final class BlockingRegistry implements PluginRegistry, PluginDeployments {
        @Override
        public CallResult call(CallRequest request) {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new CallResult(new byte[0], "1", Duration.ZERO);
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }

        @Override
        public List<VersionInfo> loadAll(Path pluginsDir) {
            return List.of();
        }

        @Override
        public VersionInfo load(Path source) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<VersionInfo> list() {
            return List.of();
        }

        @Override
        public Optional<VersionInfo> find(String name) {
            return Optional.empty();
        }

        @Override
        public boolean unload(String name) {
            return false;
        }

        @Override
        public List<VersionInfo> history(String plugin) {
            return List.of();
        }

        @Override
        public Optional<CanaryState> canary(String plugin) {
            return Optional.empty();
        }

        @Override
        public void reload(String plugin) {
        }

        @Override
        public void setCanaryWeight(String plugin, int weight) {
        }

        @Override
        public void stageCanary(String plugin, String version, int weight) {
        }

        @Override
        public void promote(String plugin) {
        }

        @Override
        public void abort(String plugin) {
        }

        @Override
        public void rollback(String plugin) {
        }

        @Override
        public void addListener(PluginEventListener listener) {
        }

        @Override
        public void removeListener(PluginEventListener listener) {
        }
    }
}
