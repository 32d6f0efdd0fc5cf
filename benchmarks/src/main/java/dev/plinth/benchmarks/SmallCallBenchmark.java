package dev.plinth.benchmarks;

import dev.plinth.api.CallRequest;
import dev.plinth.benchmarks.common.SampleText;
import dev.plinth.host.EngineMode;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import java.util.concurrent.TimeUnit;
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
 * A small call: 1 KiB of text in, 1 KiB (echo) or a short JSON (vowel count) out, through the
 * registry and the instance pool, with the module compiled to JVM bytecode and interpreted.
 * {@link JavaSmallCallBenchmark} does the same work in plain Java.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SmallCallBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-XX:-DontCompileHugeMethods")
@State(Scope.Benchmark)
public class SmallCallBenchmark {
    static final int INPUT_SIZE = 1024;

    @Param({"COMPILED", "INTERPRETED"})
    public EngineMode mode;

    private PluginHost host;
    private CallRequest echo;
    private CallRequest countVowels;

    @Setup(Level.Trial)
    public void load() {
        host = PluginHost.on(PluginEngine.builder().engine(mode).build());
        host.load(SamplePlugins.sample("text-transformer"));
        byte[] input = SampleText.ascii(INPUT_SIZE);
        echo = CallRequest.of("text-transformer", "echo", input);
        countVowels = CallRequest.of("text-transformer", "count_vowels", input);
    }

    @TearDown(Level.Trial)
    public void close() {
        host.close();
    }

    @Benchmark
    public byte[] plinthEcho() {
        return host.call(echo).output();
    }

    @Benchmark
    public byte[] plinthCountVowels() {
        return host.call(countVowels).output();
    }
}
