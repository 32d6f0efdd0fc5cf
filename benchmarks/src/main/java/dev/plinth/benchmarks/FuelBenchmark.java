package dev.plinth.benchmarks;

import dev.plinth.api.CallRequest;
import dev.plinth.benchmarks.common.SampleText;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import java.nio.charset.StandardCharsets;
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
 * The cost of deterministic fuel: the same compute-heavy calls, compiled mode, with the module as
 * built and as rewritten by the fuel meter (budget large enough never to run out). The
 * text-transformer calls get 16 KiB of text, which keeps the work in the guest rather than in the
 * ABI; {@code fnv1a_generated} (the checksum plugin) fills 10 MiB and hashes them, pure compute
 * with a call per 8 bytes in its fill loop.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar FuelBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-XX:-DontCompileHugeMethods")
@State(Scope.Benchmark)
public class FuelBenchmark {
    /**
     * Meters every call without ever stopping one. The default policy caps an engine-wide budget at
     * 1,000,000,000 per call; the heaviest metered call here ({@code fnv1a_generated} over 10 MiB in
     * {@link ComputeBenchmark}) spends about half of that.
     */
    static final long NEVER_RUNS_OUT = Long.MAX_VALUE / 2;

    @Param({"unmetered", "metered"})
    public String fuel;

    @Param({"count_vowels", "transform", "fnv1a_generated"})
    public String function;

    private PluginHost host;
    private CallRequest request;

    @Setup(Level.Trial)
    public void load() {
        host = PluginHost.on(PluginEngine.builder().fuel("metered".equals(fuel) ? NEVER_RUNS_OUT : 0).build());
        if ("fnv1a_generated".equals(function)) {
            host.load(SamplePlugins.bench("checksum"));
            request = CallRequest.of("checksum", function, "10485760".getBytes(StandardCharsets.UTF_8));
        } else {
            host.load(SamplePlugins.sample("text-transformer"));
            request = CallRequest.of("text-transformer", function, SampleText.ascii(16 * 1024));
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        host.close();
    }

    @Benchmark
    public byte[] call() {
        return host.call(request).output();
    }
}
