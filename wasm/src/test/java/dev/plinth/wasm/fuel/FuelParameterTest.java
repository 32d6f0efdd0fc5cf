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

    /**
     * {@code $count} and {@code $skip} return nothing and leave by {@code return} and at their
     * end: they also return the counter. (Branches to a function's own label are left to the
     * checks of the rewritten module's shape: Chicory 1.7.5's compiler fails on them, metered or not.)
     */
    private static final String VOID_FUNCTIONS = """
              (global $total (mut i32) (i32.const 0))
              (func $count (param $n i32)
                (if (i32.eqz (local.get $n)) (then (return)))
                (if (i32.eq (local.get $n) (i32.const 13)) (then (return)))
                (loop $again
                  (global.set $total (i32.add (global.get $total) (i32.const 1)))
                  (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                  (br_if $again (local.get $n))))
              (func $skip (param $n i32)
                (block $out
                  (br_if $out (i32.eqz (local.get $n)))
                  (call $count (local.get $n))))
              (func (export "run") (param $n i32) (result i32)
                (global.set $total (i32.const 0))
                (call $count (local.get $n))
                (call $skip (local.get $n))
                (global.get $total))
            """;

    private static final byte[] VOID_ORIGINAL = Wat.assemble("(module " + VOID_FUNCTIONS + ")");
    private static final byte[] VOID_ALL_EXPORTED = Wat.assemble("(module " + VOID_FUNCTIONS
            + " (export \"count\" (func $count)) (export \"skip\" (func $skip)))");

    @Test
    void aFunctionWithoutResultsThatLeavesOnlyUnconditionallyReturnsTheCounter() {
        MeteredModule metered = FuelMeter.instrument(VOID_ORIGINAL);
        assertThat(Wat.validationErrors(metered.bytes())).isEmpty();
        byte[] branchOut = Wat.assemble("(module " + VOID_FUNCTIONS.replace("(then (return))", "(then (br 1))") + ")");
        assertThat(Wat.validationErrors(FuelMeter.instrument(branchOut).bytes()))
                .as("br to the function's label carries the counter").isEmpty();
        assertThat(results(Parser.parse(FuelMeter.instrument(branchOut).bytes()), 0)).containsExactly(ValType.I64);
        WasmModule module = Parser.parse(metered.bytes());
        assertThat(parameters(module, 0)).containsExactly(ValType.I32, ValType.I64);
        assertThat(results(module, 0)).containsExactly(ValType.I64);
        assertThat(results(module, 1)).containsExactly(ValType.I64);
        byte[] conditionalOut = Wat.assemble("(module " + VOID_FUNCTIONS.replace("(block $out", "(block").replace(
                "(br_if $out", "(br_if 1") + ")");
        WasmModule skipping = Parser.parse(FuelMeter.instrument(conditionalOut).bytes());
        assertThat(parameters(skipping, 1)).containsExactly(ValType.I32, ValType.I64);
        assertThat(results(skipping, 1)).as("br_if to its own label: takes the counter only").isEmpty();
        assertThat(Wat.validationErrors(FuelMeter.instrument(conditionalOut).bytes())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aCalleeThatReturnsTheCounterCostsWhatItCostsWithTheGlobal(EngineMode mode) {
        MeteredModule returning = FuelMeter.instrument(VOID_ORIGINAL);
        MeteredModule global = FuelMeter.instrument(VOID_ALL_EXPORTED);
        Instance plain = mode.instantiate(VOID_ORIGINAL);
        Instance withResult = mode.instantiate(returning.bytes());
        Instance withGlobal = mode.instantiate(global.bytes());
        for (long argument : new long[] {0, 1, 13, 500}) {
            Outcome outcome = MeteredCall.call(withResult, returning, BUDGET, "run", argument);
            assertThat(outcome.results()).as("run " + argument).containsExactly(plain.export("run").apply(argument));
            assertThat(outcome.consumed()).as("run " + argument)
                    .isEqualTo(MeteredCall.call(withGlobal, global, BUDGET, "run", argument).consumed());
        }
        long cost = MeteredCall.call(withResult, returning, BUDGET, "run", 500).consumed();
        assertThat(MeteredCall.call(withResult, returning, cost, "run", 500).result()).isEqualTo(1000);
        Outcome half = MeteredCall.call(withResult, returning, cost / 2, "run", 500);
        assertThat(half.exhausted()).as("runs out in the loop of $count").isTrue();
        assertThat(half.consumed()).isBetween(cost / 2 + 1, cost / 2 + 20);
        assertThat(MeteredCall.call(withResult, returning, cost - 1, "run", 500).exhausted()).isTrue();
    }

    private static List<ValType> results(WasmModule module, int function) {
        return module.functionSection().getFunctionType(function, module.typeSection()).returns();
    }

    private static List<ValType> parameters(WasmModule module, int function) {
        return module.functionSection().getFunctionType(function, module.typeSection()).params();
    }
}
