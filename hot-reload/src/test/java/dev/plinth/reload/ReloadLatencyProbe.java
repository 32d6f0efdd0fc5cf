package dev.plinth.reload;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.plinth.api.deploy.PluginEventType;
import dev.plinth.host.PluginEngine;
import dev.plinth.reload.testing.PluginFiles;
import dev.plinth.reload.testing.RecordingListener;
import dev.plinth.testing.TestPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures the time from the last byte of a new plugin version written to disk to that version
 * answering calls, with the watcher, debounce and loading as they run in production. Each round
 * writes a new manifest (a prefix that names the round) and then a new build of the module (a
 * custom section makes its checksum new, so it is really compiled), and polls calls until the
 * output carries the round's prefix. Not a test: run it with
 *
 * <pre>mvn -q -o -pl hot-reload test-compile exec:java</pre>
 *
 * Options (system properties): {@code probe.rounds} (default 20), {@code probe.debounceMillis}
 * (default 200, the registry's default).
 */
public final class ReloadLatencyProbe {
    private static final String PLUGIN = "text-transformer";
    private static final int WARMUP_ROUNDS = 3;

    private ReloadLatencyProbe() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("probe.rounds", 20);
        Duration debounce = Duration.ofMillis(Long.getLong("probe.debounceMillis", 200));
        Path plugins = Files.createTempDirectory("plinth-reload-probe");
        try {
            run(plugins, rounds, debounce);
        } finally {
            TestPlugins.deleteTree(plugins);
        }
    }

    private static void run(Path plugins, int rounds, Duration debounce) throws IOException {
        Path folder = PluginFiles.copy(PluginFiles.sample(PLUGIN), plugins.resolve(PLUGIN));
        Path wasm = PluginFiles.wasmOf(folder);
        byte[] base = PluginFiles.read(wasm);
        RecordingListener events = new RecordingListener();
        List<Long> latencies = new ArrayList<>();
        List<Long> loads = new ArrayList<>();
        try (ReloadingRegistry registry = ReloadingRegistry.builder(PluginEngine.builder().build())
                .pluginsDir(plugins).debounce(debounce).listener(events).build()) {
            registry.start();
            System.out.printf(Locale.ROOT, "reload latency probe: debounce %d ms, %d rounds after %d warm-up rounds,"
                    + " module %d bytes, %d CPUs%n", debounce.toMillis(), rounds, WARMUP_ROUNDS, base.length,
                    Runtime.getRuntime().availableProcessors());
            for (int round = 1; round <= WARMUP_ROUNDS + rounds; round++) {
                String prefix = "r" + round + ":";
                PluginFiles.textTransformerVersion(folder, "1.0." + round, "upper", prefix);
                Files.write(wasm, PluginFiles.withCustomSection(base, "probe", Integer.toString(round).getBytes(UTF_8)));
                long written = System.nanoTime();
                while (!new String(registry.call(PLUGIN, "transform", "x".getBytes(UTF_8)), UTF_8).startsWith(prefix)) {
                    Thread.onSpinWait();
                }
                long millis = (System.nanoTime() - written) / 1_000_000;
                if (round > WARMUP_ROUNDS) {
                    latencies.add(millis);
                    loads.add(events.await(PluginEventType.LOADED, PLUGIN, round + 1).figures().get("loadMillis")
                            .longValue());
                    System.out.printf(Locale.ROOT, "  round %2d: %4d ms from last byte to serving (load %d ms)%n",
                            round - WARMUP_ROUNDS, millis, loads.get(loads.size() - 1));
                }
                sleep(300);
            }
        }
        System.out.printf(Locale.ROOT, "last byte -> serving: median %d ms, p95 %d ms, min %d ms, max %d ms"
                + " (of which loading: median %d ms)%n", percentile(latencies, 0.5), percentile(latencies, 0.95),
                percentile(latencies, 0), percentile(latencies, 1), percentile(loads, 0.5));
    }

    private static long percentile(List<Long> values, double quantile) {
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
