package dev.plinth.host.batch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.CallRequest;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.batch.BatchResult;
import dev.plinth.api.batch.BatchTimeoutException;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginTimeoutException;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.testing.TestPlugins;
import dev.plinth.testing.Wat;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code callAll} on a real plugin: a large batch agrees with the same calls made one by one, a
 * failing item fails alone, and the batch's deadline fails the items it did not start.
 */
class BatchCallsTest {
    private static final String PLUGIN = "text-transformer";

    @TempDir
    Path plugins;

    private final PluginHost host = PluginHost.on(PluginEngine.builder()
            .limits(PluginLimits.DEFAULTS.withCallTimeout(Duration.ofMillis(300)))
            .build());

    @AfterEach
    void close() {
        host.close();
    }

    /** Calls of exports that keep nothing between calls (count_vowels keeps a running total in vars). */
    private static List<CallRequest> words(int count) {
        Random random = new Random(15);
        List<CallRequest> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String word = "item " + i + " " + Long.toString(random.nextLong(), 36);
            requests.add(CallRequest.of(PLUGIN, i % 2 == 0 ? "transform" : "echo", word.getBytes(UTF_8)));
        }
        return requests;
    }

    @Test
    void tenThousandCallsTwoAtATimeAgreeWithTheSameCallsOneByOne() {
        host.load(TestPlugins.copy(TestPlugins.sample(PLUGIN), plugins, PLUGIN));
        List<CallRequest> requests = words(10_000);

        List<BatchResult> batch = host.callAll(requests, 2);

        assertThat(batch).hasSize(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            BatchResult result = batch.get(i);
            assertThat(result.request()).isSameAs(requests.get(i));
            assertThat(result.succeeded()).as("item %d: %s", i, result.failure()).isTrue();
            byte[] sequential = host.call(requests.get(i)).output();
            assertThat(result.output()).as("item %d", i).isEqualTo(sequential);
        }
        assertThat(host.loaded(PLUGIN).orElseThrow().liveInstances()).as("never more than two at once")
                .isLessThanOrEqualTo(2);
    }

    @Test
    void oneFailingItemFailsAloneWithItsOwnError() {
        host.load(TestPlugins.copy(TestPlugins.sample(PLUGIN), plugins, PLUGIN));
        List<CallRequest> requests = new ArrayList<>(words(50));
        requests.set(17, CallRequest.of(PLUGIN, "no-such-export", new byte[0]));

        List<BatchResult> batch = host.callAll(requests, 4);

        assertThat(batch.get(17).succeeded()).isFalse();
        assertThat(batch.get(17).failure().orElseThrow().code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThatThrownBy(batch.get(17)::output).hasMessageContaining("no-such-export");
        assertThat(batch).filteredOn(BatchResult::succeeded).hasSize(49);
    }

    @Test
    void itemsNotStartedByTheBatchDeadlineFailWithTimeout() throws IOException {
        host.load(Wat.write(plugins, "spin", """
                (module (func (export "spin") (result i32) (loop $forever (br $forever)) (i32.const 0)))
                """));
        List<CallRequest> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            requests.add(CallRequest.of("spin", "spin", new byte[0]));
        }

        List<BatchResult> batch = host.callAll(requests, 1, Duration.ofMillis(100));

        assertThat(batch.get(0).failure().orElseThrow()).as("started, stopped at its own call deadline")
                .isInstanceOf(PluginTimeoutException.class).isNotInstanceOf(BatchTimeoutException.class);
        for (BatchResult notStarted : batch.subList(1, 5)) {
            assertThat(notStarted.failure().orElseThrow()).isInstanceOf(BatchTimeoutException.class)
                    .hasMessageContaining("was not started");
            assertThat(notStarted.failure().orElseThrow().code()).isEqualTo(ErrorCode.TIMEOUT);
        }
    }

    @Test
    void parallelismAndDeadlineAreChecked() {
        assertThatThrownBy(() -> host.callAll(words(1), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parallelism");
        assertThatThrownBy(() -> host.callAll(words(1), 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deadline");
        assertThat(host.callAll(List.of(), 8)).isEmpty();
    }
}
