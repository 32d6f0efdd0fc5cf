package dev.plinth.benchmarks.extism;

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
 * Cold start through the Extism Java SDK: building a plugin from a module's bytes (ahead-of-time
 * mode, see {@link ExtismPlugins}) and making its first call, the wait before a newly loaded
 * plugin answers. The SDK caches nothing between builds, so every invocation parses and compiles
 * the plugin and the SDK's kernel module again, and builds new instances of both.
 *
 * <p>By default each fork is a fresh JVM that measures exactly one build and call, with no warmup:
 * the first-ever load of an application, Chicory's compiler and ASM not yet compiled by the JIT.
 * Single shots need several forks for a spread, hence {@code @Fork(5)}. The wait for a load in a
 * JVM that has already loaded plugins (a reload) is the same benchmark with warmup and more
 * iterations, each one a new build from the same bytes: {@code -wi 10 -i 10}.
 *
 * <p>{@code module}: {@code small} is text-transformer (its {@code echo}, whose answer is checked);
 * {@code large} is the generated ~2 MB module at {@code benchmarks/target/generated/large.wasm}, or
 * {@code -Dplinth.bench.largeModule=FILE} (its {@code run}); the trial fails with instructions if
 * that file does not exist.
 *
 * <p>Run: {@code java -jar benchmarks-extism/target/benchmarks-extism.jar ExtismColdStartBenchmark}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 5, jvmArgsAppend = "-XX:-DontCompileHugeMethods")
@State(Scope.Benchmark)
public class ExtismColdStartBenchmark {
    @Param({"small", "large"})
    public String module;

    private ColdStartModule target;
    private byte[] wasm;
    private byte[] input;
    private byte[] output;

    @Setup(Level.Trial)
    public void read() {
        target = ColdStartModule.named(module);
        wasm = ExtismPlugins.read(target.file());
        input = target.inputBytes();
    }

    @Benchmark
    public byte[] buildAndFirstCall() {
        output = ExtismPlugins.compiled(wasm).call(target.function(), input);
        return output;
    }

    /** Checks each measured call's answer, outside the measured time. */
    @TearDown(Level.Iteration)
    public void check() {
        target.check(output);
    }
}
