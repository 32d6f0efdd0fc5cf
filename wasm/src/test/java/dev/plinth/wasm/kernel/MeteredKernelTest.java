package dev.plinth.wasm.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.plinth.testing.Wat;
import dev.plinth.wasm.fuel.FuelMeter;
import dev.plinth.wasm.testing.EngineMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The inlined kernel functions after fuel metering (which gives functions only called directly the
 * counter as a parameter and moves their locals): the same results as unmetered, in both machines,
 * and the same fuel in both.
 */
class MeteredKernelTest {
    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (EngineMode mode : EngineMode.values()) {
            cases.add(Arguments.of(mode, "local"));
            cases.add(Arguments.of(mode, "shared"));
        }
        return cases;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void meteredInlinedFunctionsAgreeWithTheModel(EngineMode mode, String metering) {
        UnaryOperator<byte[]> meter = metering.equals("local") ? b -> FuelMeter.instrument(b, 1L << 40).bytes()
                : b -> FuelMeter.instrumentWithSharedCounter(b, 1L << 40).bytes();
        InlinedKernel inlined = KernelInliner.inline(Wat.assemble(KernelInlinerTest.CALLER), KernelInlinerTest.LAYOUT);
        byte[] metered = meter.apply(inlined.bytes());
        assertEquals("", Wat.validationErrors(metered, "--enable-multi-memory", "--enable-tail-call"));
        Memory kernel = new ByteArrayMemory(new MemoryLimits(1, 1));
        Instance instance = build(mode, metered, inlined.definedMemoryPosition(), kernel);
        KernelInlinerTest.Model model = new KernelInlinerTest.Model(new byte[65536 - 16], 80, 24, 37);
        for (int i = 8; i < 80; i++) {
            model.heap()[i] = (byte) (i * 13 + 5);
        }
        kernel.write(16, model.heap(), 0, model.heap().length);
        kernel.writeLong(0, 72);
        kernel.writeLong(8, 24);
        kernel.writeLong(16, 37);
        for (long o : KernelInlinerTest.HOSTILE) {
            assertEquals(model.loadU8(o), instance.export("load_u8").apply(o)[0] & 0xFFFFFFFFL, "load_u8 " + o);
            assertEquals(model.loadU64(o), instance.export("load_u64").apply(o)[0], "load_u64 " + o);
            assertEquals(model.inputU8(o), instance.export("input_load_u8").apply(o)[0] & 0xFFFFFFFFL, "in8 " + o);
            assertEquals(model.inputU64(o), instance.export("input_load_u64").apply(o)[0], "in64 " + o);
        }
        for (long o = 0; o < 100; o++) {
            assertEquals(model.inputU8(o), instance.export("input_load_u8").apply(o)[0] & 0xFFFFFFFFL, "in8 " + o);
            assertEquals(model.inputU64(o), instance.export("input_load_u64").apply(o)[0], "in64 " + o);
        }
    }

    private static Instance build(EngineMode mode, byte[] wasm, int kernelAt, Memory kernel) {
        WasmModule module = Parser.parse(wasm);
        List<com.dylibso.chicory.runtime.ImportFunction> host = new ArrayList<>();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            FunctionImport imp = (FunctionImport) module.importSection().getImport(i);
            host.add(new HostFunction(imp.module(), imp.name(), module.typeSection().getType(imp.typeIndex()),
                    (inst, args) -> {
                        throw new AssertionError("host called for " + imp.name());
                    }));
        }
        AtomicInteger defined = new AtomicInteger();
        return Instance.builder(module)
                .withImportValues(ImportValues.builder().withFunctions(host).build())
                .withMemoryFactory(limits -> defined.getAndIncrement() == kernelAt ? kernel
                        : new ByteArrayMemory(limits))
                .withMachineFactory(mode == EngineMode.COMPILED ? MachineFactoryCompiler.compile(module)
                        : InterpreterMachine::new)
                .build();
    }
}
