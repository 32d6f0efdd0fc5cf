package dev.plinth.wasm.fuel;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.plinth.wasm.testing.EngineMode;
import dev.plinth.wasm.testing.MeteredCall;
import dev.plinth.wasm.testing.RustModules;
import dev.plinth.wasm.testing.TestKernel;
import dev.plinth.testing.Wat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real Rust plugins and fixtures, metered: they validate, instantiate in both modes, return
 * what the originals return through a small Extism kernel, consume the same fuel every time and
 * in both modes, and their endless loops stop.
 */
class FuelMeterRustModulesTest {
    private static final long BUDGET = 10_000_000;

    /** A plugin export called with a text input. */
    record PluginCall(String export, String input) {
        @Override
        public String toString() {
            return export + "(" + input + ")";
        }
    }

    /** A module, the config and host functions it runs with, and a script of calls on one instance. */
    record Script(String name, Path wasm, Map<String, String> config, Map<String, UnaryOperator<byte[]>> user,
                  List<PluginCall> calls) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** What one call did: its return code (or the trap), output and error. */
    record Result(String outcome, String output, String error) {
    }

    static Stream<Path> modules() {
        return RustModules.all().stream();
    }

    static Stream<Script> scripts() {
        return Stream.of(
                new Script("text-transformer", RustModules.plugin("text-transformer"), Map.of(), Map.of(), List.of(
                        new PluginCall("transform", "Hello World from Plinth"),
                        new PluginCall("echo", "bytes \u0000 and ünïcödé"),
                        new PluginCall("count_vowels", "The quick brown fox jumps over the lazy dog"),
                        new PluginCall("count_vowels", "again: aeiou"))),
                new Script("text-transformer-snake", RustModules.plugin("text-transformer"),
                        Map.of("mode", "snake", "prefix", "<", "suffix", ">"), Map.of(), List.of(
                        new PluginCall("transform", "HTTPServer errorCode helloWorld"),
                        new PluginCall("transform", ""))),
                new Script("data-validator", RustModules.plugin("data-validator"),
                        Map.of("required", "id,email", "email-fields", "email", "max-length", "name:50,city:30",
                                "min", "age:0", "max", "age:150"), Map.of(), List.of(
                        new PluginCall("validate", "[{\"id\":1,\"email\":\"ada@example.com\",\"age\":36},"
                                + "{\"email\":\"not-an-address\",\"age\":200,\"name\":\"x\"}]"),
                        new PluginCall("validate", "{\"id\":2}"),
                        new PluginCall("validate", "42"),
                        new PluginCall("validate", "{not json"))),
                new Script("log-enricher", RustModules.plugin("log-enricher"), Map.of("service", "checkout"),
                        Map.of("lookup-context", key -> "{\"tier\":\"gold\"}".getBytes(StandardCharsets.UTF_8)),
                        List.of(
                        new PluginCall("enrich", "WARN disk almost full"),
                        new PluginCall("enrich", "{\"level\":\"error\",\"message\":\"timeout\",\"user\":\"u-42\"}"),
                        new PluginCall("enrich", "hello"))),
                new Script("abi-fixtures", RustModules.fixture("abi-fixtures"), Map.of("k", "v"),
                        Map.of("echo-host", bytes -> bytes), List.of(
                        new PluginCall("echo", "\u0000abc"),
                        new PluginCall("fail", ""),
                        new PluginCall("fail_no_message", ""),
                        new PluginCall("trap", ""),
                        new PluginCall("output_twice", ""),
                        new PluginCall("no_output", "x"),
                        new PluginCall("grow", "3"),
                        new PluginCall("grow", "x"),
                        new PluginCall("counter", ""),
                        new PluginCall("counter", ""),
                        new PluginCall("config", "k"),
                        new PluginCall("config", "nope"),
                        new PluginCall("log", "hi"),
                        new PluginCall("recurse", "200"),
                        new PluginCall("host_echo", "ping"),
                        new PluginCall("vars_big", "5000"))),
                new Script("wasi-fixture", RustModules.fixture("wasi-fixture"), Map.of(), Map.of(), List.of(
                        new PluginCall("_initialize", ""),
                        new PluginCall("initialized", ""),
                        new PluginCall("hello", "wasm"),
                        new PluginCall("hello", "again"),
                        new PluginCall("calls", ""))));
    }

    @ParameterizedTest
    @MethodSource("modules")
    void meteredModulesValidateAndInstantiateInBothModes(Path wasm) {
        byte[] original = RustModules.read(wasm);
        MeteredModule metered = FuelMeter.instrument(original);

        assertThat(Wat.validationErrors(metered.bytes())).isEmpty();
        WasmModule parsed = Parser.parse(metered.bytes());
        assertThat(parsed.importSection().importCount()).isEqualTo(Parser.parse(original).importSection().importCount());
        for (EngineMode mode : EngineMode.values()) {
            Instance instance = mode.instantiate(metered.bytes(), new TestKernel(Map.of(), Map.of()).imports(parsed));
            assertThat(instance.exports().global(metered.fuelGlobalExport()).getValue()).isZero();
        }
        assertThat(FuelMeter.instrument(original)).as("metering is a pure function").isEqualTo(metered);
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void meteredPluginsReturnWhatTheOriginalsReturn(Script script) {
        byte[] original = RustModules.read(script.wasm());
        MeteredModule metered = FuelMeter.instrument(original);
        for (EngineMode mode : EngineMode.values()) {
            List<Result> expected = run(script, mode, original, null, new ArrayList<>());
            List<Result> actual = run(script, mode, metered.bytes(), metered, new ArrayList<>());
            assertThat(actual).as(mode.name()).isEqualTo(expected);
        }
        assertThat(run(script, EngineMode.INTERPRETER, original, null, new ArrayList<>()))
                .extracting(Result::outcome).contains("0");
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void theSameScriptConsumesTheSameFuelEveryTimeInBothModes(Script script) {
        MeteredModule metered = FuelMeter.instrument(RustModules.read(script.wasm()));
        List<Long> interpreted = new ArrayList<>();
        run(script, EngineMode.INTERPRETER, metered.bytes(), metered, interpreted);
        List<Long> compiled = new ArrayList<>();
        run(script, EngineMode.COMPILED, metered.bytes(), metered, compiled);
        List<Long> compiledAgain = new ArrayList<>();
        run(script, EngineMode.COMPILED, metered.bytes(), metered, compiledAgain);

        assertThat(interpreted).hasSize(script.calls().size()).allMatch(fuel -> fuel > 0);
        assertThat(compiled).isEqualTo(interpreted);
        assertThat(compiledAgain).isEqualTo(interpreted);
        System.out.printf("%-24s fuel per call: %s%n", script.name(), describe(script.calls(), interpreted));
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void rustLoopsThatNeverEndRunOutOfFuel(EngineMode mode) {
        MeteredModule metered = FuelMeter.instrument(RustModules.read(RustModules.fixture("abi-fixtures")));
        WasmModule parsed = Parser.parse(metered.bytes());
        Instance instance = mode.instantiate(metered.bytes(), new TestKernel(Map.of(), Map.of()).imports(parsed));
        for (String export : List.of("spin", "spin_br_if")) {
            long start = System.nanoTime();
            MeteredCall.Outcome outcome = MeteredCall.call(instance, metered, BUDGET, export);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(outcome.exhausted()).as(export).isTrue();
            assertThat(outcome.trap()).as(export).isInstanceOf(TrapException.class);
            assertThat(outcome.consumed()).as(export).isBetween(BUDGET + 1, BUDGET + 100);
            System.out.printf("%s rust %s: %,d fuel exhausted after %d ms%n", mode, export, BUDGET, millis);
        }
        assertThat(MeteredCall.call(instance, metered, BUDGET, "fail_no_message").result()).isEqualTo(7);
    }

    @Test
    void sizeAndInstructionOverhead() {
        System.out.println(MeteringOverhead.header());
        for (Path wasm : RustModules.all()) {
            MeteringOverhead overhead = MeteringOverhead.of(wasm.getFileName().toString(), RustModules.read(wasm));
            System.out.println(overhead);
            assertThat(overhead.moduleGrowth()).as(wasm.toString()).isBetween(1.0, 2.5);
            assertThat(overhead.meteredInstructions()).isGreaterThan(overhead.originalInstructions());
        }
    }

    /**
     * Runs the script on a fresh instance of {@code wasm}; with {@code metered} set, every call
     * gets {@link #BUDGET} and its consumption is added to {@code fuel}.
     */
    private static List<Result> run(Script script, EngineMode mode, byte[] wasm, MeteredModule metered,
                                    List<Long> fuel) {
        TestKernel kernel = new TestKernel(script.config(), script.user());
        Instance instance = mode.instantiate(wasm, kernel.imports(Parser.parse(wasm)));
        GlobalInstance counter = metered == null ? null : instance.exports().global(metered.fuelGlobalExport());
        List<Result> results = new ArrayList<>();
        for (PluginCall call : script.calls()) {
            kernel.startCall(call.input().getBytes(StandardCharsets.UTF_8));
            if (counter != null) {
                counter.setValue(BUDGET);
            }
            String outcome;
            try {
                long[] returned = instance.export(call.export()).apply();
                outcome = returned == null || returned.length == 0 ? "void" : Long.toString(returned[0]);
            } catch (ChicoryException e) {
                outcome = "trap: " + e.getMessage();
            }
            if (counter != null) {
                assertThat(FuelMeter.isExhausted(counter.getValue())).as(call.toString()).isFalse();
                fuel.add(BUDGET - counter.getValue());
            }
            results.add(new Result(outcome, text(kernel.output()), kernel.error()));
        }
        return results;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static String describe(List<PluginCall> calls, List<Long> fuel) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < calls.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(calls.get(i).export()).append('=').append(fuel.get(i));
        }
        return out.toString();
    }
}
