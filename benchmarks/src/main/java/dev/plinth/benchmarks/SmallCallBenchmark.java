package dev.plinth.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.plinth.api.CallRequest;
import dev.plinth.host.EngineMode;
import dev.plinth.host.PluginHost;
import java.util.Random;
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
 * registry and the instance pool, against the same work done in plain Java.
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
    @Param({"COMPILED"})
    public EngineMode mode;

    private PluginHost host;
    private byte[] input;
    private CallRequest echo;
    private CallRequest countVowels;

    @Setup(Level.Trial)
    public void load() {
        host = PluginHost.builder().engine(mode).build();
        host.load(SamplePlugins.sample("text-transformer"));
        input = text(1024);
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

    @Benchmark
    public byte[] javaEcho() {
        return input.clone();
    }

    @Benchmark
    public byte[] javaCountVowels() {
        return JavaVowels.countToJson(input);
    }

    /** Printable ASCII text with words, like a log line or a form field. */
    static byte[] text(int size) {
        Random random = new Random(7);
        String alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ ";
        StringBuilder text = new StringBuilder(size);
        while (text.length() < size) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString().getBytes(UTF_8);
    }
}
