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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A small call through the Extism Java SDK (ahead-of-time mode, see {@link ExtismPlugins}):
 * text-transformer's {@code echo} and {@code count_vowels} on the same 1 KiB of text as Plinth's
 * {@code SmallCallBenchmark}, with no config. One plugin instance serves every call, as in Plinth's
 * pooled case; {@code count_vowels} updates the variable {@code total} on each call in both hosts.
 *
 * <p>Warmup is longer than Plinth's: each call crosses into the SDK's kernel module for every eight
 * bytes of input and output, and those paths were seen still speeding up after five seconds.
 *
 * <p>Run: {@code java -jar benchmarks-extism/target/benchmarks-extism.jar ExtismSmallCallBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-XX:-DontCompileHugeMethods")
@State(Scope.Benchmark)
public class ExtismSmallCallBenchmark {
    private static final int INPUT_SIZE = 1024;

    private Plugin plugin;
    private byte[] input;

    @Setup(Level.Trial)
    public void load() {
        plugin = ExtismPlugins.compiled(ExtismPlugins.read(WasmFiles.textTransformer()));
        input = SampleText.ascii(INPUT_SIZE);
        long vowels = ExpectedOutput.vowels(input);
        ExpectedOutput.check("count_vowels", ExpectedOutput.vowelCount(input, vowels), countVowels());
        ExpectedOutput.check("echo", input, echo());
    }

    @Benchmark
    public byte[] echo() {
        return plugin.call("echo", input);
    }

    @Benchmark
    public byte[] countVowels() {
        return plugin.call("count_vowels", input);
    }
}
