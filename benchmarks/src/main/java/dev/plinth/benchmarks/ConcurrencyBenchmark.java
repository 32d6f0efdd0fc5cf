package dev.plinth.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.plinth.api.CallRequest;
import dev.plinth.api.PluginLimits;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Calls into one shared host from one thread and from two: how throughput scales with cores (on
 * two cores, two threads should do at least 1.8 times the calls of one). The call is
 * {@code checksum.fnv1a_generated} with n = 65,536: the plugin makes 64 KiB and hashes them
 * itself, so each call is pure computation with a few bytes across the ABI each way, and the
 * threads share nothing but Plinth's registry, instance pool and deadline watchdog,
 * which is what this measures. The plugin may run two instances, and both are made before the
 * measurement.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ConcurrencyBenchmark}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-XX:-DontCompileHugeMethods")
@State(Scope.Benchmark)
public class ConcurrencyBenchmark {
    static final int GENERATED_BYTES = 64 * 1024;
    private static final String PLUGIN = "checksum";
    private static final int INSTANCES = 2;

    private PluginHost host;
    private CallRequest request;

    @Setup(Level.Trial)
    public void load() {
        host = PluginHost.on(PluginEngine.builder().limits(PluginLimits.DEFAULTS.withMaxInstances(INSTANCES)).build());
        host.load(SamplePlugins.bench(PLUGIN));
        host.loaded(PLUGIN).orElseThrow().prewarm(INSTANCES);
        request = CallRequest.of(PLUGIN, "fnv1a_generated", Integer.toString(GENERATED_BYTES).getBytes(UTF_8));
        String expected = Checksum.hex(Checksum.fnv1a64(Checksum.generate(GENERATED_BYTES)));
        String actual = new String(host.call(request).output(), UTF_8);
        if (!actual.equals(expected)) {
            throw new IllegalStateException(PLUGIN + ".fnv1a_generated returned " + actual + ", expected " + expected);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        host.close();
    }

    @Benchmark
    @Threads(1)
    public byte[] oneThread() {
        return host.call(request).output();
    }

    @Benchmark
    @Threads(2)
    public byte[] twoThreads() {
        return host.call(request).output();
    }
}
