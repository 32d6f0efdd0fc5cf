package dev.plinth.wasm.fuel;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import dev.plinth.wasm.testing.EngineMode;
import dev.plinth.wasm.testing.RustModules;
import dev.plinth.wasm.testing.TestKernel;
import dev.plinth.testing.Wat;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A rough, JMH-free timing of metered against unmetered code on Chicory, both modes, calls
 * interleaved, median of the second half of 40 rounds (the JMH benchmark in {@code benchmarks} is
 * the measurement to quote). From the wasm module, after {@code ../mvnw test-compile}:
 *
 * <pre>
 * MAVEN_OPTS=-XX:-DontCompileHugeMethods ../mvnw -o -q exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.plinth.wasm.fuel.FuelOverheadTiming \
 *     -Dplinth.samplePlugins=../sample-plugins/target/plugins -Dplinth.fixtures=../sample-plugins/target/fixtures
 * </pre>
 *
 * <p>Without {@code -XX:-DontCompileHugeMethods} HotSpot never JIT-compiles a method of more than
 * 8000 bytes of bytecode; Chicory compiles each wasm function to one method, the Rust samples
 * already have a few such functions, and metering (about +70% instructions) pushes more over the
 * line: {@code count_vowels} then runs 15-40 times slower metered than plain.
 */
public final class FuelOverheadTiming {
    private static final long BUDGET = Long.MAX_VALUE;

    private FuelOverheadTiming() {
    }

    public static void main(String[] args) {
        byte[] programs = Wat.assemble(WatModules.PROGRAMS);
        for (EngineMode mode : EngineMode.values()) {
            int scale = mode == EngineMode.COMPILED ? 1 : 10;
            time(mode, "wat sum(1e7)", programs, "sum", 10_000_000L / scale);
            time(mode, "wat fib(27)", programs, "fib", mode == EngineMode.COMPILED ? 27 : 22);
            time(mode, "wat memops(50000)", programs, "memops", 50_000L / scale);
        }
        String text = "The quick brown fox jumps over the lazy dog. ".repeat(20_000);
        for (EngineMode mode : EngineMode.values()) {
            timePlugin(mode, "rust count_vowels(900 kB)", RustModules.plugin("text-transformer"), "count_vowels",
                    mode == EngineMode.COMPILED ? text : text.substring(0, 90_000));
            timePlugin(mode, "rust transform title(900 kB)", RustModules.plugin("text-transformer"), "transform",
                    mode == EngineMode.COMPILED ? text : text.substring(0, 90_000));
        }
    }

    private static void time(EngineMode mode, String label, byte[] wasm, String export, long arg) {
        MeteredModule metered = FuelMeter.instrument(wasm);
        Instance plain = mode.instantiate(wasm);
        Instance counted = mode.instantiate(metered.bytes());
        GlobalInstance fuel = counted.exports().global(metered.fuelGlobalExport());
        report(mode, label, plain.export(export), counted.export(export), fuel, arg);
    }

    private static void timePlugin(EngineMode mode, String label, java.nio.file.Path module, String export,
                                   String input) {
        byte[] wasm = RustModules.read(module);
        MeteredModule metered = FuelMeter.instrument(wasm);
        TestKernel plainKernel = new TestKernel(Map.of("mode", "title"), Map.of());
        TestKernel countedKernel = new TestKernel(Map.of("mode", "title"), Map.of());
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        plainKernel.startCall(bytes);
        countedKernel.startCall(bytes);
        Instance plain = mode.instantiate(wasm, plainKernel.imports(Parser.parse(wasm)));
        Instance counted = mode.instantiate(metered.bytes(), countedKernel.imports(Parser.parse(metered.bytes())));
        GlobalInstance fuel = counted.exports().global(metered.fuelGlobalExport());
        report(mode, label, plain.export(export), counted.export(export), fuel);
    }

    private static void report(EngineMode mode, String label, ExportFunction plain, ExportFunction counted,
                               GlobalInstance fuel, long... args) {
        int rounds = 40;
        long[] plainNanos = new long[rounds];
        long[] countedNanos = new long[rounds];
        long consumed = 0;
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            plain.apply(args);
            plainNanos[round] = System.nanoTime() - start;
            fuel.setValue(BUDGET);
            start = System.nanoTime();
            counted.apply(args);
            countedNanos[round] = System.nanoTime() - start;
            consumed = BUDGET - fuel.getValue();
        }
        double plainMillis = median(plainNanos) / 1e6;
        double countedMillis = median(countedNanos) / 1e6;
        System.out.printf("%-11s %-30s plain %8.2f ms  metered %8.2f ms  overhead %+6.1f%%  fuel %,d%n", mode, label,
                plainMillis, countedMillis, 100.0 * (countedMillis - plainMillis) / plainMillis, consumed);
    }

    /** The median of the second half of the rounds (the first half warms up). */
    private static double median(long[] nanos) {
        long[] measured = java.util.Arrays.copyOfRange(nanos, nanos.length / 2, nanos.length);
        java.util.Arrays.sort(measured);
        return measured[measured.length / 2];
    }
}
