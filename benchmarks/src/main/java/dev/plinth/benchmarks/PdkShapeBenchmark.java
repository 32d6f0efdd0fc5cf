package dev.plinth.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.plinth.api.CallRequest;
import dev.plinth.benchmarks.common.SampleText;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Small calls into modules shaped like other PDKs' output rather than plinth-sdk's (the WAT
 * plugins {@code bench/pdk-echo} and {@code bench/pdk-count-vowels}): 1 KiB of text moved through
 * the kernel a word at a time, a {@code memory.grow} on every echo (refused on every call once the
 * memory is at its maximum, which the set-up reaches before timing), config and a variable looked up
 * through kernel blocks and JSON written out by {@code count_vowels}. Extism's side is
 * {@code ExtismPdkShapeBenchmark}, on the same bytes; the growth itself is {@link MemoryGrowthBenchmark}.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PdkShapeBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-XX:-DontCompileHugeMethods")
@State(Scope.Benchmark)
public class PdkShapeBenchmark {
    /** pdk-echo's memory: 1 page, at most 1024; one page more per call until then. */
    static final int ECHO_MAX_PAGES = 1024;

    private PluginHost host;
    private CallRequest echo;
    private CallRequest countVowels;

    @Setup(Level.Trial)
    public void load() {
        host = PluginHost.on(PluginEngine.builder().build());
        host.load(SamplePlugins.bench("pdk-echo"));
        host.load(SamplePlugins.bench("pdk-count-vowels"));
        byte[] input = SampleText.ascii(SmallCallBenchmark.INPUT_SIZE);
        echo = CallRequest.of("pdk-echo", "echo", input);
        countVowels = CallRequest.of("pdk-count-vowels", "count_vowels", input);
        for (int i = 0; i < ECHO_MAX_PAGES; i++) {
            check("echo", input, pdkEcho());
        }
        long vowels = new String(input, UTF_8).chars().filter(c -> "aeiouAEIOU".indexOf(c) >= 0).count();
        String expected = "{\"count\":" + vowels + ",\"total\":" + vowels + ",\"vowels\":\"aeiouAEIOU\"}";
        check("count_vowels", expected.getBytes(UTF_8), pdkCountVowels());
    }

    private static void check(String call, byte[] expected, byte[] actual) {
        if (!Arrays.equals(expected, actual)) {
            throw new IllegalStateException(call + " answered " + new String(actual, UTF_8) + ", expected "
                    + new String(expected, UTF_8));
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        host.close();
    }

    @Benchmark
    public byte[] pdkEcho() {
        return host.call(echo).output();
    }

    @Benchmark
    public byte[] pdkCountVowels() {
        return host.call(countVowels).output();
    }
}
