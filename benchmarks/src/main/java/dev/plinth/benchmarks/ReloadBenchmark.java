package dev.plinth.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.plinth.host.PluginEngine;
import dev.plinth.reload.ReloadingRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Hot reload, end to end: the time from a new build of text-transformer landing in a watched
 * plugins folder to that build answering calls, through {@link ReloadingRegistry} with its folder
 * watcher and a debounce of {@code debounceMillis} (50 ms; the registry's default is 200 ms).
 *
 * <p>Each shot delivers a build the way a deploy tool would: its {@code .wasm} and then its
 * {@code plugin.toml} (a new version and output prefix), each written beforehand under a hidden
 * name and moved into place atomically. Every build's module differs (a custom section numbers
 * it), so the compiled-module cache never has it and each shot compiles, as a real new build
 * would. The shot ends when a {@code transform} call returns the new prefix; a change event from
 * the registry wakes the benchmark to try, so it does not take a core from the load by polling.
 * The score is the debounce, the watcher noticing, loading (parse, compile, first instance) and
 * the swap.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ReloadBenchmark}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 20)
@Fork(value = 1, jvmArgsAppend = "-XX:-DontCompileHugeMethods")
@State(Scope.Benchmark)
public class ReloadBenchmark {
    private static final String PLUGIN = "text-transformer";
    private static final byte[] PROBE = "x".getBytes(UTF_8);
    /** How long a shot may wait for its version before the benchmark gives up. */
    private static final long GIVE_UP_MILLIS = 30_000;
    /** The longest wait between two tries when no change event comes. */
    private static final long RETRY_MILLIS = 10;

    @Param({"50"})
    public long debounceMillis;

    private Path plugins;
    private ReloadingRegistry registry;
    private PluginBuilds builds;
    private final VersionSignals signals = new VersionSignals();
    private int buildNumber;
    private PluginBuilds.Build next;

    @Setup(Level.Trial)
    public void start() throws IOException {
        plugins = Files.createTempDirectory("plinth-reload-benchmark");
        Path source = SamplePlugins.sample(PLUGIN);
        Path folder = copy(source, plugins.resolve(PLUGIN));
        PluginEngine engine = PluginEngine.builder().build();
        builds = new PluginBuilds(folder, engine.readManifest(folder).entrypoint());
        registry = ReloadingRegistry.builder(engine).pluginsDir(plugins).debounce(Duration.ofMillis(debounceMillis))
                .listener(signals).build();
        registry.start();
        registry.call(PLUGIN, "transform", PROBE);
    }

    @Setup(Level.Invocation)
    public void stageNextBuild() {
        next = builds.build(++buildNumber);
        builds.stage(next);
        signals.clear();
    }

    @Benchmark
    public byte[] reload() {
        builds.deliver();
        long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GIVE_UP_MILLIS);
        while (true) {
            byte[] output = registry.call(PLUGIN, "transform", PROBE);
            if (new String(output, UTF_8).startsWith(next.prefix())) {
                return output;
            }
            signals.requireNoFailure();
            if (System.nanoTime() - giveUp > 0) {
                throw new IllegalStateException("version " + next.version() + " did not serve within "
                        + GIVE_UP_MILLIS + " ms");
            }
            signals.awaitChange(RETRY_MILLIS);
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        registry.close();
        try (Stream<Path> files = Files.walk(plugins)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static Path copy(Path plugin, Path target) {
        try (Stream<Path> files = Files.list(plugin)) {
            Files.createDirectories(target);
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + plugin + " to " + target, e);
        }
        return target;
    }
}
