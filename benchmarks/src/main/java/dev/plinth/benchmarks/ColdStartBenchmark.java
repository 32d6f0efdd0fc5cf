package dev.plinth.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.host.PluginVersion;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What it costs to get a plugin serving, from nothing compiled to a warm pool, for a small module
 * ({@code small}: text-transformer, a 140 KB release build of a Rust plugin) and a large one
 * ({@code large}: about 2 MB in 6,000 functions, written by {@link LargeModule} into
 * {@code benchmarks/target/generated}).
 *
 * <ul>
 *   <li>{@code coldLoad}: load and first call in a new {@link PluginHost}, whose compiled-module
 *       cache (one per engine) is empty: read, parse, validate, compile to JVM bytecode, link, make
 *       the first instance, call. The JVM itself is warm (warm-up iterations load the module too):
 *       this is a plugin arriving in a running application, not a JVM starting.</li>
 *   <li>{@code cacheHitLoad}: the same load and first call in a host that compiled these bytes
 *       before: read and hash, cache hit, manifest and grants, first instance, call. This is what a
 *       reload of unchanged bytes or a rollback to a cached version costs.</li>
 *   <li>{@code warmInstance}: one more instance of a loaded version, which is what a call pays when
 *       it finds no idle instance in the pool. The public API makes instances only inside calls,
 *       except {@link PluginVersion#prewarm}, which makes them ahead of a burst of calls and is timed
 *       here: each invocation gets a freshly loaded version with one instance and prewarms
 *       {@value #INSTANCES} more, so the score is the time per instance.</li>
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ColdStartBenchmark}
 */
@Fork(value = 3, jvmArgsAppend = "-XX:-DontCompileHugeMethods")
@State(Scope.Benchmark)
public class ColdStartBenchmark {
    /** Instances {@code warmInstance} makes per invocation. */
    static final int INSTANCES = 8;

    @Param({"small", "large"})
    public String module;

    private Subject subject;

    /** A module to load: its plugin folder, the plugin's name, and the first call to make. */
    private record Subject(Path source, String plugin, String function, byte[] input) {
        static Subject of(String module) {
            return switch (module) {
                case "small" -> new Subject(SamplePlugins.sample("text-transformer"), "text-transformer", "echo",
                        "hello".getBytes(UTF_8));
                case "large" -> new Subject(LargeModule.write(LargeModule.defaultDir()), LargeModule.NAME,
                        LargeModule.RUN, new byte[0]);
                default -> throw new IllegalArgumentException("module is small or large, not " + module);
            };
        }

        byte[] loadAndCall(PluginHost host) {
            VersionInfo info = host.load(source);
            if (info.status() != PluginStatus.ACTIVE) {
                throw new IllegalStateException(plugin + " did not load: " + info.lastError());
            }
            return host.call(plugin, function, input);
        }
    }

    @Setup(Level.Trial)
    public void locate() {
        subject = Subject.of(module);
    }

    /** A host made before each invocation, so that its compiled-module cache is empty. */
    @State(Scope.Thread)
    public static class EmptyHost {
        PluginHost host;

        @Setup(Level.Invocation)
        public void open() {
            host = PluginHost.on(PluginEngine.builder().build());
        }

        @TearDown(Level.Invocation)
        public void close() {
            host.close();
        }
    }

    /** A host that has loaded the module once, so that its compiled-module cache holds it. */
    @State(Scope.Thread)
    public static class WarmHost {
        PluginHost host;

        @Setup(Level.Trial)
        public void open(ColdStartBenchmark benchmark) {
            host = PluginHost.on(PluginEngine.builder().build());
            benchmark.subject.loadAndCall(host);
        }

        @TearDown(Level.Trial)
        public void close() {
            host.close();
        }
    }

    /** A freshly loaded version (one instance) before each invocation, from an engine that has compiled it. */
    @State(Scope.Thread)
    public static class FreshVersion {
        PluginEngine engine;
        PluginVersion version;
        private Path source;

        @Setup(Level.Trial)
        public void open(ColdStartBenchmark benchmark) {
            engine = PluginEngine.builder().limits(PluginLimits.DEFAULTS.withMaxInstances(1 + INSTANCES)).build();
            source = benchmark.subject.source();
            engine.load(source).close();
        }

        @Setup(Level.Invocation)
        public void load() {
            version = engine.load(source);
        }

        @TearDown(Level.Invocation)
        public void unload() {
            version.close();
        }

        @TearDown(Level.Trial)
        public void close() {
            engine.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3)
    @Measurement(iterations = 10)
    public byte[] coldLoad(EmptyHost empty) {
        return subject.loadAndCall(empty.host);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public byte[] cacheHitLoad(WarmHost warm) {
        return subject.loadAndCall(warm.host);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @OperationsPerInvocation(INSTANCES)
    public int warmInstance(FreshVersion fresh) {
        int made = fresh.version.prewarm(1 + INSTANCES);
        if (made != INSTANCES) {
            throw new IllegalStateException("prewarm made " + made + " instances, not " + INSTANCES);
        }
        return made;
    }
}
