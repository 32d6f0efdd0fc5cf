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
 * Plinth's {@code PdkShapeBenchmark} through the Extism Java SDK (ahead-of-time mode, see
 * {@link ExtismPlugins}): the PDK-shaped WAT plugins {@code pdk-echo} (a {@code memory.grow} per
 * call, refused once the memory is at its maximum of 1024 pages, which the set-up reaches) and
 * {@code pdk-count-vowels}, on the same 1 KiB of text, one plugin instance serving every call.
 * Warm-up as long as {@link ExtismSmallCallBenchmark}'s, for the same reason.
 *
 * <p>Run: {@code java -jar benchmarks-extism/target/benchmarks-extism.jar ExtismPdkShapeBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-XX:-DontCompileHugeMethods")
@State(Scope.Benchmark)
public class ExtismPdkShapeBenchmark {
    private static final int INPUT_SIZE = 1024;
    /** pdk-echo's memory: 1 page, at most 1024. */
    private static final int ECHO_MAX_PAGES = 1024;

    private Plugin echoPlugin;
    private Plugin vowelsPlugin;
    private byte[] input;

    @Setup(Level.Trial)
    public void load() {
        echoPlugin = ExtismPlugins.compiled(ExtismPlugins.read(WasmFiles.pdkEcho()));
        vowelsPlugin = ExtismPlugins.compiled(ExtismPlugins.read(WasmFiles.pdkCountVowels()));
        input = SampleText.ascii(INPUT_SIZE);
        for (int i = 0; i < ECHO_MAX_PAGES; i++) {
            ExpectedOutput.check("echo", input, echo());
        }
        long vowels = ExpectedOutput.vowels(input);
        ExpectedOutput.check("count_vowels", ExpectedOutput.vowelCount(input, vowels), countVowels());
    }

    @Benchmark
    public byte[] echo() {
        return echoPlugin.call("echo", input);
    }

    @Benchmark
    public byte[] countVowels() {
        return vowelsPlugin.call("count_vowels", input);
    }
}
