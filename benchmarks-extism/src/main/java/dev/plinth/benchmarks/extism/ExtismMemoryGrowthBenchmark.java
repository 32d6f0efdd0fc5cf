package dev.plinth.benchmarks.extism;

import dev.plinth.benchmarks.common.SampleText;
import java.util.concurrent.TimeUnit;
import org.extism.sdk.chicory.Plugin;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Plinth's {@code MemoryGrowthBenchmark} through the Extism Java SDK: each shot is the 1022 calls of
 * {@code pdk-echo} on a new plugin that grow its memory from 2 pages to its maximum of 1024, a page a
 * call; the score is one call while the memory grows.
 *
 * <p>Run: {@code java -jar benchmarks-extism/target/benchmarks-extism.jar ExtismMemoryGrowthBenchmark}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 20)
@Fork(value = 1, jvmArgsAppend = "-XX:-DontCompileHugeMethods")
@State(Scope.Benchmark)
public class ExtismMemoryGrowthBenchmark {
    private static final int GROWING_CALLS = 1022;

    private byte[] wasm;
    private byte[] input;
    private Plugin plugin;

    @Setup(Level.Trial)
    public void read() {
        wasm = ExtismPlugins.read(WasmFiles.pdkEcho());
        input = SampleText.ascii(1024);
    }

    /** A new plugin, its memory grown once by its first call. */
    @Setup(Level.Iteration)
    public void build() {
        plugin = ExtismPlugins.compiled(wasm);
        plugin.call("echo", input);
    }

    @Benchmark
    @OperationsPerInvocation(GROWING_CALLS)
    public long growingEcho() {
        long bytes = 0;
        for (int i = 0; i < GROWING_CALLS; i++) {
            bytes += plugin.call("echo", input).length;
        }
        return bytes;
    }
}
