package dev.plinth.benchmarks;

import dev.plinth.api.CallRequest;
import dev.plinth.benchmarks.common.SampleText;
import dev.plinth.host.EngineMode;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Extism kernel's byte traffic: the PDK-shaped echo of {@link PdkShapeBenchmark}
 * ({@code sample-plugins/bench/pdk-echo}: 1 KiB in with {@code input_load_u64}, out with
 * {@code alloc}, {@code store_u64} and {@code output_set}, its memory grown to its maximum first),
 * 256 kernel calls of eight bytes, through {@code PluginHost.call}, compiled and interpreted. With the kernel's byte
 * functions inlined into the module ({@code KernelInliner}) those calls are wasm calls over the
 * kernel memory; before, each was a host call into Java.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar KernelEchoBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-XX:-DontCompileHugeMethods")
@State(Scope.Benchmark)
public class KernelEchoBenchmark {
    static final int INPUT_SIZE = 1024;

    @Param({"COMPILED", "INTERPRETED"})
    public EngineMode mode;

    private PluginHost host;
    private CallRequest echo;

    @Setup(Level.Trial)
    public void load() {
        host = PluginHost.on(PluginEngine.builder().engine(mode).build());
        host.load(SamplePlugins.bench("pdk-echo"));
        byte[] input = SampleText.ascii(INPUT_SIZE);
        echo = CallRequest.of("pdk-echo", "echo", input);
        for (int i = 0; i < PdkShapeBenchmark.ECHO_MAX_PAGES; i++) {
            if (!Arrays.equals(input, host.call(echo).output())) {
                throw new IllegalStateException("pdk-echo did not echo its input");
            }
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        host.close();
    }

    @Benchmark
    public byte[] extismEcho() {
        return host.call(echo).output();
    }
}
