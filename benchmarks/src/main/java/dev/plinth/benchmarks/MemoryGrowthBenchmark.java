package dev.plinth.benchmarks;

import dev.plinth.api.CallRequest;
import dev.plinth.api.PluginLimits;
import dev.plinth.benchmarks.common.SampleText;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A call while the guest's memory grows: {@code bench/pdk-echo} grows its memory by a page on every
 * call, as a PDK's allocator in a pooled instance does, from 2 pages to its maximum of 1024 (64 MiB).
 * Each shot is those 1022 calls on a new instance, so the score is the time of one call while the
 * memory grows, the copy of the memory a growth may cost included. {@link PdkShapeBenchmark} times
 * the calls after it, whose growth is refused.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar MemoryGrowthBenchmark}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 20)
@Fork(value = 1, jvmArgsAppend = "-XX:-DontCompileHugeMethods")
@State(Scope.Benchmark)
public class MemoryGrowthBenchmark {
    /** The calls of a shot: from 2 pages (after the set-up's first call) to the maximum. */
    static final int GROWING_CALLS = PdkShapeBenchmark.ECHO_MAX_PAGES - 2;

    private PluginHost host;
    private CallRequest echo;

    @Setup(Level.Trial)
    public void host() {
        host = PluginHost.on(PluginEngine.builder().limits(PluginLimits.DEFAULTS.withMaxInstances(1)).build());
        echo = CallRequest.of("pdk-echo", "echo", SampleText.ascii(SmallCallBenchmark.INPUT_SIZE));
    }

    /** The plugin loaded again: a new instance, its memory grown once by its first call. */
    @Setup(Level.Iteration)
    public void load() {
        host.load(SamplePlugins.bench("pdk-echo"));
        host.call(echo);
    }

    @TearDown(Level.Iteration)
    public void unload() {
        host.unload("pdk-echo");
    }

    @TearDown(Level.Trial)
    public void close() {
        host.close();
    }

    @Benchmark
    @OperationsPerInvocation(GROWING_CALLS)
    public long growingEcho() {
        long bytes = 0;
        for (int i = 0; i < GROWING_CALLS; i++) {
            bytes += host.call(echo).output().length;
        }
        return bytes;
    }
}
