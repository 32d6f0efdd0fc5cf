package dev.plinth.benchmarks;

import dev.plinth.benchmarks.common.SampleText;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The work of {@link SmallCallBenchmark} in plain Java, in-process: the baseline a plugin call is
 * compared with. A class of its own so that it runs once, not once per engine mode.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar JavaSmallCallBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-XX:-DontCompileHugeMethods")
@State(Scope.Benchmark)
public class JavaSmallCallBenchmark {
    private final byte[] input = SampleText.ascii(SmallCallBenchmark.INPUT_SIZE);

    @Benchmark
    public byte[] javaEcho() {
        return input.clone();
    }

    @Benchmark
    public byte[] javaCountVowels() {
        return JavaVowels.countToJson(input);
    }
}
