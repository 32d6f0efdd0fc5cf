package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testing.TestPlugins;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many threads calling the sample plugins at once: every output must be right. */
class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int CALLS = 1000;

    @Test
    void eightThreadsTimesAThousandCallsAllCorrect() throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().configOverride("mode", "upper").build())) {
            host.load(TestPlugins.sample("text-transformer"));
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    results.add(pool.submit(() -> {
                        int right = 0;
                        for (int i = 0; i < CALLS; i++) {
                            String input = "thread " + thread + " call " + i + " \u00e9t\u00e9";
                            String echoed = new String(host.call("text-transformer", "echo", input.getBytes(UTF_8)), UTF_8);
                            String upper = new String(host.call("text-transformer", "transform", input.getBytes(UTF_8)),
                                    UTF_8);
                            if (echoed.equals(input) && upper.equals(input.toUpperCase(Locale.ROOT))) {
                                right++;
                            }
                        }
                        return right;
                    }));
                }
                for (Future<Integer> result : results) {
                    assertThat(result.get(5, TimeUnit.MINUTES)).isEqualTo(CALLS);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
