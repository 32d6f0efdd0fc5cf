package dev.plinth.wasm.fuel;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.plinth.wasm.testing.EngineMode;
import dev.plinth.wasm.testing.MeteredCall.Outcome;
import dev.plinth.wasm.testing.MeteredCall;
import dev.plinth.testing.Wat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link FuelMeter#instrumentWithSharedCounter}: every function charges the exported counter
 * itself, so the same calls consume the same fuel as with a local copy, in both modes, and a loop
 * that never ends is stopped when another thread empties the counter while it runs, which the
 * host's deadline does in the interpreter (it does not check for interruption on {@code br_if},
 * {@code br_table} or tail calls).
 */
class FuelMeterSharedCounterTest {
    private static final long BUDGET = 10_000_000;
    /** More than the loops below could spend before the test gives up on them. */
    private static final long ENDLESS = Long.MAX_VALUE / 4;

    private static final String LOOPS = """
            (module
              (func $pong (param i32) (result i32) (return_call $ping (local.get 0)))
              (func $ping (param i32) (result i32) (return_call $pong (i32.add (local.get 0) (i32.const 1))))
              (func (export "br_if") (loop $l (br_if $l (i32.const 1))))
              (func (export "br_table") (loop $l (br_table $l $l (i32.const 1))))
              (func (export "return_call") (result i32) (return_call $ping (i32.const 0))))
            """;

    @Test
    void noFunctionKeepsACopyOfTheCounter() {
        byte[] original = Wat.assemble(WatModules.PROGRAMS);
        MeteredModule shared = FuelMeter.instrumentWithSharedCounter(original, 7);
        MeteredModule local = FuelMeter.instrument(original, 7);
        assertThat(Wat.validationErrors(shared.bytes())).isEmpty();
        assertThat(shared.initialFuel()).isEqualTo(7);
        assertThat(shared.meteredFunctions()).isEqualTo(local.meteredFunctions());
        assertThat(declaredLocals(shared.bytes())).as("no local added for a copy of the counter")
                .isEqualTo(declaredLocals(original));
        assertThat(declaredLocals(local.bytes())).isNotEqualTo(declaredLocals(original));
    }

    private static List<Integer> declaredLocals(byte[] wasm) {
        WasmModule module = Parser.parse(wasm);
        List<Integer> locals = new ArrayList<>();
        for (int i = 0; i < module.codeSection().functionBodyCount(); i++) {
            locals.add(module.codeSection().getFunctionBody(i).localTypes().size());
        }
        return locals;
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void theSameCallsConsumeTheSameFuelAsWithALocalCopy(EngineMode mode) {
        byte[] original = Wat.assemble(WatModules.PROGRAMS);
        MeteredModule shared = FuelMeter.instrumentWithSharedCounter(original, 0);
        MeteredModule local = FuelMeter.instrument(original, 0);
        assertThat(consumption(mode, shared)).isEqualTo(consumption(mode, local));
    }

    private static Map<String, Long> consumption(EngineMode mode, MeteredModule module) {
        Instance instance = mode.instantiate(module.bytes());
        Map<String, Long> consumed = new TreeMap<>();
        for (String call : List.of("three", "sum 1000", "sum_br_if 1000", "fib 15", "countdown 37", "memops 4000",
                "early 1")) {
            String[] parts = call.split(" ");
            long[] args = parts.length == 1 ? new long[0] : new long[] {Long.parseLong(parts[1])};
            Outcome outcome = MeteredCall.call(instance, module, BUDGET, parts[0], args);
            assertThat(outcome.trap()).as(call).isNull();
            consumed.put(call, outcome.consumed());
        }
        return consumed;
    }

    @ParameterizedTest
    @ValueSource(strings = {"br_if", "br_table", "return_call"})
    void anEndlessInterpretedLoopStopsWhenAnotherThreadEmptiesTheCounter(String export) throws Exception {
        MeteredModule module = FuelMeter.instrumentWithSharedCounter(Wat.assemble(LOOPS, "--enable-tail-call"), 0);
        Instance instance = EngineMode.INTERPRETER.instantiate(module.bytes());
        GlobalInstance counter = instance.exports().global(module.fuelGlobalExport());
        counter.setValue(ENDLESS);
        CompletableFuture<Outcome> running = CompletableFuture.supplyAsync(
                () -> MeteredCall.call(instance, module, ENDLESS, export));
        Thread.sleep(100);
        assertThat(running).as("still looping").isNotDone();
        long started = System.nanoTime();
        // the host's drain is sticky (dev.plinth.host's DrainableFuelCounter); a plain global can
        // lose a write to the guest's own read-modify-write, so this empties it until it stops
        while (!running.isDone()) {
            counter.setValue(-1);
            Thread.sleep(1);
        }
        Outcome outcome = running.get(5, TimeUnit.SECONDS);
        System.out.printf("%s: stopped %d ms after the counter was emptied%n", export,
                (System.nanoTime() - started) / 1_000_000);
        assertThat(outcome.trap()).isInstanceOf(TrapException.class);
        assertThat(outcome.exhausted()).isTrue();
    }
}
