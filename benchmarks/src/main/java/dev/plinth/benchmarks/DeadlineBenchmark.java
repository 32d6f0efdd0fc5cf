package dev.plinth.benchmarks;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.error.PluginTimeoutException;
import dev.plinth.api.host.HostFunction;
import dev.plinth.host.EngineMode;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.security.policy.PluginGrant;
import java.time.Duration;
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
 * How long a tight {@code loop {}} runs before its 100 ms deadline stops it: each operation is one
 * call that ends in {@code timeout}; the score minus 100 ms is how late the stop came.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar DeadlineBenchmark}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 30)
@Fork(value = 1, jvmArgsAppend = "-XX:-DontCompileHugeMethods")
@State(Scope.Benchmark)
public class DeadlineBenchmark {
    static final Duration DEADLINE = Duration.ofMillis(100);

    @Param({"COMPILED"})
    public EngineMode mode;

    private PluginHost host;

    @Setup(Level.Trial)
    public void load() {
        host = PluginHost.on(PluginEngine.builder().engine(mode).limits(PluginLimits.DEFAULTS.withCallTimeout(DEADLINE))
                .hostFunction(HostFunction.of("echo-host", bytes -> bytes))
                .grant("abi-fixtures", PluginGrant.builder().hostFunction("echo-host").build()).build());
        host.load(SamplePlugins.fixture("abi-fixtures"));
    }

    @TearDown(Level.Trial)
    public void close() {
        host.close();
    }

    @Benchmark
    public PluginTimeoutException spinUntilStopped() {
        try {
            host.call("abi-fixtures", "spin", new byte[0]);
            throw new IllegalStateException("spin returned");
        } catch (PluginTimeoutException expected) {
            return expected;
        }
    }
}
