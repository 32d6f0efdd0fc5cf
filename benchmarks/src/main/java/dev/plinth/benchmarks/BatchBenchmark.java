package dev.plinth.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.plinth.api.CallRequest;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.batch.BatchResult;
import dev.plinth.benchmarks.common.Checksum;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Batch throughput against the same calls made one by one from one thread: a batch of
 * {@value #ITEMS} calls of {@code checksum.fnv1a_generated} (the plugin makes {@code bytes} bytes
 * and hashes them, so a call is computation with a few bytes across the ABI) through
 * {@code PluginHost.callAll} at parallelism 1 and 2, and a plain loop of {@code PluginHost.call}.
 * Scores are calls per millisecond ({@link OperationsPerInvocation}): parallelism 1 against the loop
 * is what a batch costs (its helper threads, result objects), parallelism 2 against it what bounded
 * concurrency over a pool of two instances gains on two cores. Both instances are made before the
 * measurement.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar BatchBenchmark}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-XX:-DontCompileHugeMethods")
@State(Scope.Benchmark)
public class BatchBenchmark {
    static final int ITEMS = 256;
    private static final String PLUGIN = "checksum";

    /** Bytes each call generates and hashes: a small call and a larger one. */
    @Param({"256", "16384"})
    public int bytes;

    private PluginHost host;
    private List<CallRequest> requests;

    @Setup(Level.Trial)
    public void load() {
        host = PluginHost.on(PluginEngine.builder().limits(PluginLimits.DEFAULTS.withMaxInstances(2)).build());
        host.load(SamplePlugins.bench(PLUGIN));
        host.loaded(PLUGIN).orElseThrow().prewarm(2);
        CallRequest request = CallRequest.of(PLUGIN, "fnv1a_generated", Integer.toString(bytes).getBytes(UTF_8));
        requests = Collections.nCopies(ITEMS, request);
        String expected = Checksum.hex(Checksum.fnv1a64(Checksum.generate(bytes)));
        for (BatchResult result : host.callAll(requests, 2)) {
            String actual = new String(result.output(), UTF_8);
            if (!actual.equals(expected)) {
                throw new IllegalStateException(PLUGIN + ".fnv1a_generated returned " + actual + ", expected " + expected);
            }
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        host.close();
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public void sequential(Blackhole sink) {
        for (CallRequest request : requests) {
            sink.consume(host.call(request).output());
        }
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public List<BatchResult> batchParallelism1() {
        return host.callAll(requests, 1);
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public List<BatchResult> batchParallelism2() {
        return host.callAll(requests, 2);
    }
}
