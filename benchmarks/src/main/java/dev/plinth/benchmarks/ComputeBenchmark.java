package dev.plinth.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.plinth.api.CallRequest;
import dev.plinth.benchmarks.common.Checksum;
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
 * Computation in the guest: the checksum plugin hashes 10 MiB with FNV-1a 64, compiled mode,
 * unmetered and metered (a fuel budget that never runs out). {@code plinthGenerated} makes the
 * bytes in the guest (xorshift64), so nothing big crosses the ABI; {@code plinthInput} passes the
 * same 10 MiB in as the call's input. {@link JavaComputeBenchmark} does both in plain Java. The
 * setup checks that the plugin's hashes equal Java's, so both sides provably do the same work.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ComputeBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-XX:-DontCompileHugeMethods")
@State(Scope.Benchmark)
public class ComputeBenchmark {
    /** The bytes hashed per call: 10 MiB, under the default input limit of 16 MiB. */
    static final int SIZE = 10 << 20;
    private static final String PLUGIN = "checksum";

    @Param({"unmetered", "metered"})
    public String fuel;

    private PluginHost host;
    private CallRequest generated;
    private CallRequest input;

    @Setup(Level.Trial)
    public void load() {
        host = PluginHost.on(PluginEngine.builder().fuel("metered".equals(fuel) ? FuelBenchmark.NEVER_RUNS_OUT : 0).build());
        host.load(SamplePlugins.bench(PLUGIN));
        byte[] bytes = Checksum.generate(SIZE);
        generated = CallRequest.of(PLUGIN, "fnv1a_generated", Integer.toString(SIZE).getBytes(UTF_8));
        input = CallRequest.of(PLUGIN, "fnv1a", bytes);
        String expected = Checksum.hex(Checksum.fnv1a64(bytes));
        requireHash(generated, expected);
        requireHash(input, expected);
    }

    private void requireHash(CallRequest request, String expected) {
        String actual = new String(host.call(request).output(), UTF_8);
        if (!actual.equals(expected)) {
            throw new IllegalStateException(PLUGIN + "." + request.function() + " returned " + actual
                    + ", Java computed " + expected + ": the two sides do not hash the same bytes");
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        host.close();
    }

    @Benchmark
    public byte[] plinthGenerated() {
        return host.call(generated).output();
    }

    @Benchmark
    public byte[] plinthInput() {
        return host.call(input).output();
    }
}
