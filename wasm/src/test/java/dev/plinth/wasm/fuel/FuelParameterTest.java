package dev.plinth.wasm.fuel;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ValType;
import dev.plinth.wasm.testing.EngineMode;
import dev.plinth.wasm.testing.MeteredCall.Outcome;
import dev.plinth.wasm.testing.MeteredCall;
import dev.plinth.testing.Wat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Functions only ever called directly take the counter as a parameter; the rest keep reading the
 * global. Either way a call costs the same fuel and behaves the same.
 */
class FuelParameterTest {
    private static final long BUDGET = 10_000_000;

    /** Functions 0 and 1 are only called directly; 2 is in a table; 3 and 4 are exported. */
    private static final String FUNCTIONS = """
              (type $unary (func (param i32) (result i32)))
              (table 1 funcref)
              (elem (i32.const 0) $in_table)
              (func $add (param $a i32) (param $b i32) (result i32) (local $sum i32)
                (local.set $sum (i32.add (local.get $a) (local.get $b)))
                (local.get $sum))
              (func $sum_to (param $n i32) (result i32) (local $acc i32)
                (block $done
                  (loop $again
                    (br_if $done (i32.eqz (local.get $n)))
                    (local.set $acc (call $add (local.get $acc) (local.get $n)))
                    (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                    (br $again)))
                (local.get $acc))
              (func $in_table (param $x i32) (result i32) (call $add (local.get $x) (local.get $x)))
              (func (export "sum_to") (param i32) (result i32) (call $sum_to (local.get 0)))
              (func (export "twice") (param i32) (result i32)
                (call_indirect (type $unary) (local.get 0) (i32.const 0)))
            """;

    private static final byte[] ORIGINAL = Wat.assemble("(module " + FUNCTIONS + ")", "--debug-names");
    /** The same functions, all exported: none can take the counter as a parameter. */
    private static final byte[] ALL_EXPORTED = Wat.assemble("(module " + FUNCTIONS
            + " (export \"add\" (func $add)) (export \"sum\" (func $sum_to)))");

    @Test
    void onlyFunctionsCalledJustDirectlyGetTheParameter() {
        MeteredModule metered = FuelMeter.instrument(ORIGINAL);
        assertThat(Wat.validationErrors(metered.bytes())).isEmpty();
        WasmModule module = Parser.parse(metered.bytes());
        assertThat(parameters(module, 0)).containsExactly(ValType.I32, ValType.I32, ValType.I64);
        assertThat(parameters(module, 1)).containsExactly(ValType.I32, ValType.I64);
        assertThat(parameters(module, 2)).containsExactly(ValType.I32);
        assertThat(parameters(module, 3)).containsExactly(ValType.I32);
        WasmModule allExported = Parser.parse(FuelMeter.instrument(ALL_EXPORTED).bytes());
        assertThat(parameters(allExported, 0)).containsExactly(ValType.I32, ValType.I32);
    }

    @Test
    void localNamesMovePastTheNewParameter() {
        var names = Parser.parse(FuelMeter.instrument(ORIGINAL).bytes()).nameSection();
        assertThat(names.nameOfLocal(0, 1)).isEqualTo("b");
        assertThat(names.nameOfLocal(0, 2)).isNull();
        assertThat(names.nameOfLocal(0, 3)).isEqualTo("sum");
        assertThat(names.nameOfLocal(2, 0)).as("a function in a table keeps its locals").isEqualTo("x");
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void callsCostWhatTheyCostWithTheGlobalAndReturnTheSameResults(EngineMode mode) {
        MeteredModule passing = FuelMeter.instrument(ORIGINAL);
        MeteredModule global = FuelMeter.instrument(ALL_EXPORTED);
        Instance plain = mode.instantiate(ORIGINAL);
        Instance withParameters = mode.instantiate(passing.bytes());
        Instance withGlobal = mode.instantiate(global.bytes());
        for (String export : List.of("sum_to", "twice")) {
            for (long argument : new long[] {0, 1, 7, 1000}) {
                Outcome outcome = MeteredCall.call(withParameters, passing, BUDGET, export, argument);
                assertThat(outcome.results()).as(export + " " + argument)
                        .containsExactly(plain.export(export).apply(argument));
                assertThat(outcome.consumed()).as(export + " " + argument)
                        .isEqualTo(MeteredCall.call(withGlobal, global, BUDGET, export, argument).consumed());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aBudgetRunsOutInsideAFunctionThatTakesTheCounter(EngineMode mode) {
        MeteredModule metered = FuelMeter.instrument(ORIGINAL);
        Instance instance = mode.instantiate(metered.bytes());
        long cost = MeteredCall.call(instance, metered, BUDGET, "sum_to", 100).consumed();
        assertThat(MeteredCall.call(instance, metered, cost, "sum_to", 100).result()).isEqualTo(5050);
        Outcome short1 = MeteredCall.call(instance, metered, cost - 1, "sum_to", 100);
        assertThat(short1.exhausted()).isTrue();
        Outcome half = MeteredCall.call(instance, metered, cost / 2, "sum_to", 100);
        assertThat(half.exhausted()).isTrue();
        assertThat(half.consumed()).isBetween(cost / 2 + 1, cost / 2 + 20);
    }

    private static List<ValType> parameters(WasmModule module, int function) {
        return module.functionSection().getFunctionType(function, module.typeSection()).params();
    }
}
