package dev.plinth.benchmarks.extism;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.plinth.benchmarks.common.Checksum;
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
 * Computation through the Extism Java SDK (ahead-of-time mode, see {@link ExtismPlugins}): the
 * checksum plugin's FNV-1a 64 over 10 MiB, once over bytes it generates itself ({@code generated}:
 * computation alone) and once over the same bytes passed as input ({@code input}: moving 10 MiB
 * into the sandbox as well). The setup checks both answers against Java's hash of those bytes.
 *
 * <p>Run: {@code java -jar benchmarks-extism/target/benchmarks-extism.jar ExtismComputeBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-XX:-DontCompileHugeMethods")
@State(Scope.Benchmark)
public class ExtismComputeBenchmark {
    private static final int SIZE = 10 * 1024 * 1024;

    private Plugin plugin;
    private byte[] size;
    private byte[] input;

    @Setup(Level.Trial)
    public void load() {
        plugin = ExtismPlugins.compiled(ExtismPlugins.read(WasmFiles.checksum()));
        size = Integer.toString(SIZE).getBytes(UTF_8);
        input = Checksum.generate(SIZE);
        String expected = Checksum.hex(Checksum.fnv1a64(input));
        ExpectedOutput.check("fnv1a_generated", expected, generated());
        ExpectedOutput.check("fnv1a", expected, input());
    }

    @Benchmark
    public byte[] generated() {
        return plugin.call("fnv1a_generated", size);
    }

    @Benchmark
    public byte[] input() {
        return plugin.call("fnv1a", input);
    }
}
