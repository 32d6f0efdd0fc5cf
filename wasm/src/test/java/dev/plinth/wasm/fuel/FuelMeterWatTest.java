package dev.plinth.wasm.fuel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportGlobal;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import com.dylibso.chicory.wasm.types.Value;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.FuelExhaustedException;
import dev.plinth.wasm.binary.ByteWriter;
import dev.plinth.wasm.testing.EngineMode;
import dev.plinth.wasm.testing.MeteredCall.Outcome;
import dev.plinth.wasm.testing.MeteredCall;
import dev.plinth.testing.Wat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Metered modules assembled from WAT, run on Chicory in both modes: same results as the
 * original, the same fuel every time and in both modes, the documented costs, and a stop for
 * loops that never end.
 */
class FuelMeterWatTest {
    private static final long BUDGET = 10_000_000;

    private static byte[] original;
    private static MeteredModule metered;

    /** Calls whose result does not depend on what ran before on the instance. */
    private static final List<Call> PURE_CALLS = List.of(
            new Call("three"),
            new Call("sum", 0), new Call("sum", 1), new Call("sum", 1000),
            new Call("sum_br_if", 0), new Call("sum_br_if", 1), new Call("sum_br_if", 1000),
            new Call("fib", 0), new Call("fib", 1), new Call("fib", 15),
            new Call("classify", -1), new Call("classify", 0), new Call("classify", 1), new Call("classify", 2),
            new Call("classify", 3), new Call("classify", 99),
            new Call("apply", 0, 21), new Call("apply", 1, 12), new Call("apply", 2, 5),
            new Call("refs", 7),
            new Call("divmod", 17, 5), new Call("divmod", 5, 17),
            new Call("pick", 0, 3, 4), new Call("pick", 1, 3, 4),
            new Call("countdown", 1), new Call("countdown", 37),
            new Call("memops", 0), new Call("memops", 1), new Call("memops", 4000),
            new Call("early", 0), new Call("early", 1),
            new Call("size"));

    record Call(String export, long... args) {
        @Override
        public String toString() {
            return export + java.util.Arrays.toString(args);
        }
    }

    @BeforeAll
    static void meter() {
        original = Wat.assemble(WatModules.PROGRAMS);
        metered = FuelMeter.instrument(original);
    }

    @Test
    void meteredModuleValidates() {
        assertThat(Wat.validationErrors(metered.bytes())).isEmpty();
        assertThat(Parser.parse(metered.bytes()).exportSection().exportCount()).isGreaterThan(0);
        assertThat(metered.fuelGlobalExport()).isEqualTo("plinth_fuel");
        assertThat(metered.initialFuel()).isZero();
        assertThat(metered.meteredFunctions()).isEqualTo(25);
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void resultsMatchTheOriginal(EngineMode mode) {
        Instance plain = mode.instantiate(original);
        Instance counted = mode.instantiate(metered.bytes());
        for (Call call : PURE_CALLS) {
            long[] expected = plain.export(call.export()).apply(call.args());
            Outcome outcome = MeteredCall.call(counted, metered, BUDGET, call.export(), call.args());
            assertThat(outcome.trap()).as(call.toString()).isNull();
            assertThat(outcome.results()).as(call.toString()).containsExactly(expected == null ? new long[0] : expected);
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void statefulCallsMatchTheOriginal(EngineMode mode) {
        Instance plain = mode.instantiate(original);
        Instance counted = mode.instantiate(metered.bytes());
        List<Call> script = List.of(new Call("fib", 10), new Call("calls"), new Call("grow", 1), new Call("size"),
                new Call("grow", 5), new Call("size"), new Call("fill", 100), new Call("memops", 50));
        for (Call call : script) {
            long[] expected = plain.export(call.export()).apply(call.args());
            Outcome outcome = MeteredCall.call(counted, metered, BUDGET, call.export(), call.args());
            assertThat(outcome.results()).as(call.toString()).containsExactly(expected == null ? new long[0] : expected);
        }
        assertThat(counted.memory().pages()).isEqualTo(plain.memory().pages());
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void theSameCallConsumesTheSameFuelEveryTime(EngineMode mode) {
        Instance first = mode.instantiate(metered.bytes());
        Instance second = mode.instantiate(metered.bytes());
        for (Call call : PURE_CALLS) {
            long consumed = MeteredCall.call(first, metered, BUDGET, call.export(), call.args()).consumed();
            for (int run = 0; run < 3; run++) {
                assertThat(MeteredCall.call(first, metered, BUDGET, call.export(), call.args()).consumed())
                        .as(call + " again on the same instance").isEqualTo(consumed);
            }
            assertThat(MeteredCall.call(second, metered, BUDGET, call.export(), call.args()).consumed())
                    .as(call + " on another instance").isEqualTo(consumed);
            assertThat(consumed).as(call.toString()).isPositive();
        }
    }

    @Test
    void interpreterAndCompilerConsumeTheSameFuel() {
        Map<String, Long> interpreted = consumption(EngineMode.INTERPRETER);
        Map<String, Long> compiled = consumption(EngineMode.COMPILED);
        assertThat(compiled).isEqualTo(interpreted);
    }

    private static Map<String, Long> consumption(EngineMode mode) {
        Instance instance = mode.instantiate(metered.bytes());
        Map<String, Long> consumed = new TreeMap<>();
        for (Call call : PURE_CALLS) {
            consumed.put(call.toString(), MeteredCall.call(instance, metered, BUDGET, call.export(), call.args())
                    .consumed());
        }
        return consumed;
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void costsAreOnePerInstructionWithoutStructuralMarkers(EngineMode mode) {
        Instance instance = mode.instantiate(metered.bytes());
        // i32.const i32.const i32.add end
        assertThat(MeteredCall.call(instance, metered, BUDGET, "three").consumed()).isEqualTo(3);
        // per iteration: header (local.get i64.eqz br_if) 3 + body 9; exit: 3 + local.get 1
        for (long n : new long[] {0, 1, 2, 10, 1000}) {
            assertThat(MeteredCall.call(instance, metered, BUDGET, "sum", n).consumed()).isEqualTo(12 * n + 4);
        }
        // i32.const i32.const local.get memory.fill, plus 1 per 16 bytes filled
        for (long length : new long[] {0, 15, 16, 1000, 65536}) {
            assertThat(MeteredCall.call(instance, metered, BUDGET, "fill", length).consumed())
                    .as("fill " + length).isEqualTo(4 + (length >>> 4));
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aBudgetOfExactlyTheCostIsEnoughAndOneLessIsNot(EngineMode mode) {
        Instance instance = mode.instantiate(metered.bytes());
        long cost = 12 * 10 + 4;
        Outcome enough = MeteredCall.call(instance, metered, cost, "sum", 10);
        assertThat(enough.result()).isEqualTo(55);
        assertThat(instance.exports().global("plinth_fuel").getValue()).isZero();
        Outcome short1 = MeteredCall.call(instance, metered, cost - 1, "sum", 10);
        assertThat(short1.exhausted()).isTrue();
        assertThat(short1.consumed()).isGreaterThan(cost - 1);
        assertThat(MeteredCall.call(instance, metered, 0, "three").exhausted()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void loopsThatNeverEndRunOutOfFuel(EngineMode mode) {
        Instance instance = mode.instantiate(metered.bytes());
        for (String export : List.of("spin", "spin_br_if")) {
            long start = System.nanoTime();
            Outcome outcome = MeteredCall.call(instance, metered, BUDGET, export);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(outcome.exhausted()).as(export).isTrue();
            assertThat(outcome.trap()).as(export).isInstanceOf(TrapException.class);
            // stopped by the first block that did not fit
            assertThat(outcome.consumed()).as(export).isBetween(BUDGET + 1, BUDGET + 10);
            System.out.printf("%s %s: %,d fuel exhausted after %d ms%n", mode, export, BUDGET, millis);
        }
        // the instance still works after an exhaustion
        assertThat(MeteredCall.call(instance, metered, BUDGET, "sum", 3).result()).isEqualTo(6);
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void loopsThatGoRoundThroughABranchTableANestedBlockOrACallAreStoppedToo(EngineMode mode) {
        MeteredModule module = FuelMeter.instrument(Wat.assemble("""
                (module
                  (func $nothing (param i32) (drop (local.get 0)))
                  (func (export "call_spin") (param $i i32)
                    (loop $l (call $nothing (local.get $i)) (br $l)))
                  (func (export "table_spin") (param $i i32)
                    (loop $l (block $b (br_table $l $b (local.get $i)))))
                  (func (export "nested_spin") (param $i i32)
                    (loop $l
                      (block $b
                        (br_if $b (i32.eqz (local.get $i)))
                        (br_if $l (i32.const 1)))
                      (br $l))))
                """));
        Instance instance = mode.instantiate(module.bytes());
        for (Call call : List.of(new Call("table_spin", 0), new Call("nested_spin", 0), new Call("nested_spin", 1),
                new Call("call_spin", 0))) {
            Outcome outcome = MeteredCall.call(instance, module, BUDGET, call.export(), call.args());
            assertThat(outcome.exhausted()).as(call.toString()).isTrue();
            assertThat(outcome.consumed()).as(call.toString()).isBetween(BUDGET + 1, BUDGET + 10);
        }
        // a br_table that leaves the loop instead: local.get br_table | end end
        assertThat(MeteredCall.call(instance, module, BUDGET, "table_spin", 1).consumed()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void otherTrapsAreNotMistakenForExhaustion(EngineMode mode) {
        Instance instance = mode.instantiate(metered.bytes());
        for (Call call : List.of(new Call("divide", 1, 0), new Call("crash"), new Call("recurse_forever", 0),
                new Call("apply", 3, 1), new Call("apply", 9, 1))) {
            Outcome outcome = MeteredCall.call(instance, metered, BUDGET, call.export(), call.args());
            assertThat(outcome.trap()).as(call.toString()).isInstanceOf(ChicoryException.class);
            assertThat(outcome.exhausted()).as(call.toString()).isFalse();
            // counted up to the trapping function's last write-back of its copy of the counter
            assertThat(outcome.consumed()).as(call.toString()).isBetween(0L, BUDGET);
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void hostFunctionsChargeTheSameCounter(EngineMode mode) {
        MeteredModule module = FuelMeter.instrument(Wat.assemble("""
                (module
                  (import "env" "host_work" (func $host_work (param i32)))
                  (func (export "work") (param $times i32)
                    (loop $again
                      (call $host_work (i32.const 64))
                      (br_if $again (local.tee $times (i32.sub (local.get $times) (i32.const 1)))))))
                """));
        long perCall = 100;
        long perByte = 2;
        GlobalInstance[] fuel = new GlobalInstance[1];
        HostFunction hostWork = new HostFunction("env", "host_work", FunctionType.of(List.of(ValType.I32), List.of()),
                (instance, args) -> {
                    long remaining = fuel[0].getValue() - perCall - perByte * args[0];
                    fuel[0].setValue(remaining);
                    if (FuelMeter.isExhausted(remaining)) {
                        throw new FuelExhaustedException("budget spent in host_work");
                    }
                    return null;
                });
        Instance instance = mode.instantiate(module.bytes(), ImportValues.builder().addFunction(hostWork).build());
        fuel[0] = instance.exports().global(module.fuelGlobalExport());

        // the loop body: i32.const call local.get i32.const i32.sub local.tee br_if
        long guestPerIteration = 7;
        long hostPerIteration = perCall + perByte * 64;
        assertThat(MeteredCall.call(instance, module, BUDGET, "work", 1).consumed())
                .isEqualTo(guestPerIteration + hostPerIteration);
        assertThat(MeteredCall.call(instance, module, BUDGET, "work", 10).consumed())
                .isEqualTo(10 * (guestPerIteration + hostPerIteration));

        fuel[0].setValue(1_000);
        assertThatThrownBy(() -> instance.export("work").apply(10))
                .isInstanceOf(FuelExhaustedException.class)
                .extracting(e -> ((FuelExhaustedException) e).code()).isEqualTo(ErrorCode.FUEL_EXHAUSTED);
        assertThat(fuel[0].getValue()).isNegative();
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void tailCallsInAnEndlessRecursionRunOutOfFuel(EngineMode mode) {
        byte[] wasm = Wat.assemble("""
                (module
                  (func $count (export "count") (param $n i64) (param $acc i64) (result i64)
                    (if (result i64) (i64.eqz (local.get $n))
                      (then (local.get $acc))
                      (else (return_call $count (i64.sub (local.get $n) (i64.const 1))
                                                (i64.add (local.get $acc) (local.get $n))))))
                  (func $forever (export "forever") (param $n i64) (result i64)
                    (return_call $forever (i64.add (local.get $n) (i64.const 1)))))
                """, "--enable-tail-call");
        MeteredModule module = FuelMeter.instrument(wasm);
        assertThat(Wat.validationErrors(module.bytes(), "--enable-tail-call")).isEmpty();
        Instance instance = mode.instantiate(module.bytes());
        assertThat(MeteredCall.call(instance, module, BUDGET, "count", 1000, 0).result())
                .isEqualTo(mode.instantiate(wasm).export("count").apply(1000, 0)[0]);
        // a module with tail calls gets no new locals: Chicory's interpreter cannot tail-call into
        // a function that declares locals
        assertThat(Parser.parse(module.bytes()).codeSection().getFunctionBody(0).localTypes()).isEmpty();
        Outcome forever = MeteredCall.call(instance, module, BUDGET, "forever", 0);
        if (mode == EngineMode.INTERPRETER) {
            assertThat(forever.exhausted()).isTrue();
        } else {
            // Chicory 1.7.5 compiles return_call as an ordinary call: the JVM stack runs out first
            assertThat(forever.trap()).hasMessageContaining("call stack exhausted");
            assertThat(forever.exhausted()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void fuelSpentByACalleeThatThrowsIsNotLostWhenTheCallerCatches(EngineMode mode) {
        byte[] wasm = ExceptionModule.bytes();
        MeteredModule module = FuelMeter.instrument(wasm);
        Instance plain = mode.instantiate(wasm);
        Instance counted = mode.instantiate(module.bytes());
        assertThat(MeteredCall.call(counted, module, BUDGET, "catch", 10).result())
                .isEqualTo(plain.export("catch").apply(10)[0]).isEqualTo(7);
        long ten = MeteredCall.call(counted, module, BUDGET, "catch", 10).consumed();
        long thousand = MeteredCall.call(counted, module, BUDGET, "catch", 1010).consumed();
        // the thrower's loop: local.get i32.const i32.sub local.tee br_if per iteration
        assertThat(thousand - ten).isEqualTo(1000 * 5);
        Outcome forever = MeteredCall.call(counted, module, BUDGET, "catch_forever", 100);
        if (mode == EngineMode.COMPILED) {
            assertThat(forever.exhausted()).as(String.valueOf(forever)).isTrue();
        } else {
            // Chicory 1.7.5's interpreter keeps a frame per caught exception: the original dies the same way
            assertThat(forever.trap()).hasMessageContaining("call stack exhausted");
        }
    }

    @Test
    void simdInstructionsAreCopiedIntact() {
        byte[] wasm = Wat.assemble("""
                (module
                  (func (export "dot") (param $a i32) (param $b i32) (result i32)
                    (local $v v128)
                    (local.set $v (i32x4.mul (i32x4.splat (local.get $a))
                                             (v128.const i32x4 1 2 3 4)))
                    (i32.add (i32x4.extract_lane 3 (local.get $v))
                             (i32x4.extract_lane 0 (i8x16.shuffle 4 5 6 7 0 1 2 3 8 9 10 11 12 13 14 15
                                                                  (local.get $v) (i32x4.splat (local.get $b)))))))
                """);
        // Chicory 1.7.5 parses SIMD but its machines do not run it: check the rewrite only
        MeteredModule module = FuelMeter.instrument(wasm);
        assertThat(Wat.validationErrors(module.bytes())).isEmpty();
        assertThat(Parser.parse(module.bytes()).codeSection().functionBodyCount()).isEqualTo(1);
        assertThat(module.chargeSites()).as("entry, the block, the exit").isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aStartFunctionRunsOnTheInitialFuel(EngineMode mode) {
        byte[] wasm = Wat.assemble("""
                (module
                  (global $ready (mut i32) (i32.const 0))
                  (func $init (global.set $ready (i32.const 42)))
                  (start $init)
                  (func (export "ready") (result i32) (global.get $ready)))
                """);
        MeteredModule none = FuelMeter.instrument(wasm);
        assertThatThrownBy(() -> mode.instantiate(none.bytes()))
                .isInstanceOf(ChicoryException.class)
                .hasMessageContaining("unreachable");

        MeteredModule some = FuelMeter.instrument(wasm, 1_000);
        Instance instance = mode.instantiate(some.bytes());
        assertThat(instance.exports().global(some.fuelGlobalExport()).getValue()).isEqualTo(1_000 - 2);
        assertThat(MeteredCall.call(instance, some, 10, "ready").result()).isEqualTo(42);
    }

    @Test
    void importedGlobalsKeepTheirIndicesAndTheCounterComesLast() {
        byte[] wasm = Wat.assemble("""
                (module
                  (import "env" "base" (global $base i32))
                  (global $offset (mut i32) (i32.const 5))
                  (func (export "read") (result i32)
                    (global.set $offset (i32.add (global.get $offset) (i32.const 1)))
                    (i32.add (global.get $base) (global.get $offset))))
                """);
        MeteredModule module = FuelMeter.instrument(wasm);
        assertThat(Wat.validationErrors(module.bytes())).isEmpty();
        ImportValues imports = ImportValues.builder()
                .addGlobal(new ImportGlobal("env", "base", new GlobalInstance(Value.i32(100))))
                .build();
        Instance instance = EngineMode.COMPILED.instantiate(module.bytes(), imports);
        assertThat(instance.globalCount()).isEqualTo(3);
        assertThat(instance.global(2)).isSameAs(instance.exports().global("plinth_fuel"));
        assertThat(MeteredCall.call(instance, module, 100, "read").result()).isEqualTo(106);
        assertThat(MeteredCall.call(instance, module, 100, "read").result()).isEqualTo(107);
    }

    @Test
    void aModuleWithoutGlobalsOrExportsGetsBothSections() {
        byte[] wasm = Wat.assemble("(module (func $f (drop (i32.const 1))) (start $f))");
        MeteredModule module = FuelMeter.instrument(wasm, 5);
        assertThat(Wat.validationErrors(module.bytes())).isEmpty();
        Instance instance = EngineMode.INTERPRETER.instantiate(module.bytes());
        assertThat(instance.exports().global("plinth_fuel").getValue()).isEqualTo(3);
    }

    @Test
    void aModuleWithoutCodeIsMeteredToo() {
        MeteredModule module = FuelMeter.instrument(Wat.assemble("(module (memory 1))"));
        assertThat(Wat.validationErrors(module.bytes())).isEmpty();
        assertThat(module.meteredFunctions()).isZero();
        assertThat(module.chargeSites()).isZero();
    }

    @Test
    void theCounterNameAvoidsAnExistingExport() {
        byte[] wasm = Wat.assemble("""
                (module
                  (func (export "plinth_fuel") (result i32) (i32.const 1))
                  (global (export "plinth_fuel_2") i32 (i32.const 2)))
                """);
        MeteredModule module = FuelMeter.instrument(wasm);
        assertThat(module.fuelGlobalExport()).isEqualTo("plinth_fuel_3");
        Instance instance = EngineMode.INTERPRETER.instantiate(module.bytes());
        assertThat(MeteredCall.call(instance, module, 10, "plinth_fuel").result()).isEqualTo(1);
    }

    @Test
    void codeThatNamesAGlobalBeyondTheModuleIsRefused() {
        // invalid as it stands; after metering index 0 would be the fuel counter
        byte[] setsCounter = Wat.assemble("(module (func (global.set 0 (i64.const 9223372036854775807))))",
                "--no-check");
        assertThatThrownBy(() -> FuelMeter.instrument(setsCounter))
                .isInstanceOf(MeteringException.class)
                .hasMessageContaining("uses global 0, but the module has 0 globals");
        byte[] exportsCounter = Wat.assemble("(module (global i32 (i32.const 0)) (export \"g\" (global 1)))",
                "--no-check");
        assertThatThrownBy(() -> FuelMeter.instrument(exportsCounter))
                .isInstanceOf(MeteringException.class)
                .hasMessageContaining("names global 1");
    }

    @Test
    void namesAreKeptAndCodeOffsetSectionsDropped() {
        byte[] withDebug = appendCustomSection(original, ".debug_info", new byte[] {1, 2, 3});
        withDebug = appendCustomSection(withDebug, "plinth.note", new byte[] {4, 5});
        MeteredModule module = FuelMeter.instrument(withDebug);
        var parsed = Parser.parse(module.bytes());
        assertThat(parsed.customSection(".debug_info")).isNull();
        assertThat(parsed.customSection("plinth.note")).isNotNull();
        assertThat(parsed.nameSection().nameOfFunction(3)).isEqualTo("fib");
    }

    private static byte[] appendCustomSection(byte[] wasm, String name, byte[] content) {
        byte[] payload = new ByteWriter().name(name).bytes(content).toByteArray();
        return new ByteWriter().bytes(wasm).u8(0).u32(payload.length).bytes(payload).toByteArray();
    }
}
