package dev.plinth.benchmarks;

import dev.plinth.benchmarks.common.Checksum;
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
 * The work of {@link ComputeBenchmark} in plain Java: {@code javaGenerated} fills 10 MiB from
 * xorshift64 and hashes it (like {@code fnv1a_generated}), {@code javaInput} hashes the same 10 MiB
 * made once (like {@code fnv1a}). A class of its own so that it runs once, not once per fuel setting.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar JavaComputeBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-XX:-DontCompileHugeMethods")
@State(Scope.Benchmark)
public class JavaComputeBenchmark {
    private final byte[] input = Checksum.generate(ComputeBenchmark.SIZE);

    @Benchmark
    public String javaGenerated() {
        return Checksum.hex(Checksum.fnv1a64(Checksum.generate(ComputeBenchmark.SIZE)));
    }

    @Benchmark
    public String javaInput() {
        return Checksum.hex(Checksum.fnv1a64(input));
    }
}
