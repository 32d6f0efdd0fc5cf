package dev.plinth.wasm.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import dev.plinth.testing.Wat;
import dev.plinth.wasm.testing.EngineMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The inlined kernel functions against a model of the host kernel's semantics (the rules of
 * {@code ExtismMemory} and {@code KernelRoot}: in use is {@code [base, base + used)}, outside reads
 * 0 and drops stores, input loads only inside the input), at every edge an attacker would try, in
 * both of Chicory's machines, with the host's imports throwing so that any host call shows.
 */
class KernelInlinerTest {
    static final KernelLayout LAYOUT = new KernelLayout(8, 16, 0, 8, 16);

    /** Exports each kernel function under its own name, calling the import directly. */
    static final String CALLER = """
            (module
              (import "extism:host/env" "load_u8" (func $load_u8 (param i64) (result i32)))
              (import "extism:host/env" "load_u64" (func $load_u64 (param i64) (result i64)))
              (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
              (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
              (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
              (import "extism:host/env" "input_load_u64" (func $input_load_u64 (param i64) (result i64)))
              (import "extism:host/env" "input_length" (func $input_length (result i64)))
              (import "extism:host/env" "input_offset" (func $input_offset (result i64)))
              (memory (export "memory") 1)
              (func (export "load_u8") (param i64) (result i32) (call $load_u8 (local.get 0)))
              (func (export "load_u64") (param i64) (result i64) (call $load_u64 (local.get 0)))
              (func (export "store_u8") (param i64 i32) (call $store_u8 (local.get 0) (local.get 1)))
              (func (export "store_u64") (param i64 i64) (call $store_u64 (local.get 0) (local.get 1)))
              (func (export "input_load_u8") (param i64) (result i32) (call $input_load_u8 (local.get 0)))
              (func (export "input_load_u64") (param i64) (result i64) (return_call $input_load_u64 (local.get 0)))
              (func (export "input_length") (result i64) (call $input_length))
              (func (export "input_offset") (result i64) (call $input_offset))
              (func (export "guest_word") (param i32) (result i64) (i64.load (local.get 0))))
            """;

    /** A model of the host kernel: the memory in use {@code [8, top)}, the input {@code [inOff, inOff + inLen)}. */
    record Model(byte[] heap, long top, long inputOffset, long inputLength) {
        boolean inBounds(long offset, long length) {
            return offset >= 8 && offset <= top && length >= 0 && length <= top - offset;
        }

        long loadU8(long o) {
            return inBounds(o, 1) ? heap[(int) o] & 0xFF : 0;
        }

        long loadU64(long o) {
            if (!inBounds(o, 8)) {
                return 0;
            }
            long v = 0;
            for (int i = 7; i >= 0; i--) {
                v = v << 8 | (heap[(int) o + i] & 0xFF);
            }
            return v;
        }

        long inputU8(long i) {
            return Long.compareUnsigned(i, inputLength) < 0 ? loadU8(inputOffset + i) : 0;
        }

        long inputU64(long i) {
            return inputLength >= 8 && Long.compareUnsigned(i, inputLength - 8) <= 0 ? loadU64(inputOffset + i) : 0;
        }
    }

    static final long[] HOSTILE = {0, 1, 7, 8, 9, 15, 16, 63, 64, 65, 71, 72, 73, 79, 80, 4096, 65535, 65536,
        1L << 31, (1L << 32) - 1, 1L << 32, (1L << 32) + 8, (1L << 32) + 16, 1L << 62, Long.MAX_VALUE,
        Long.MIN_VALUE, Long.MIN_VALUE + 8, -1, -7, -8, -9, -16, -24};

    private final AtomicInteger hostCalls = new AtomicInteger();

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void inlinedFunctionsKeepTheKernelsBoundsAtEveryEdge(EngineMode mode) {
        // blocks of 8..80 in use (top 80), the input is [24, 24 + 37)
        Model model = model(80, 24, 37);
        Memory kernel = new ByteArrayMemory(new MemoryLimits(1, 1));
        Instance instance = instantiate(mode, kernel);
        fill(kernel, model);
        for (long o : offsets(model)) {
            assertEquals(model.loadU8(o), instance.export("load_u8").apply(o)[0] & 0xFFFFFFFFL, "load_u8 " + o);
            assertEquals(model.loadU64(o), instance.export("load_u64").apply(o)[0], "load_u64 " + o);
            assertEquals(model.inputU8(o), instance.export("input_load_u8").apply(o)[0] & 0xFFFFFFFFL,
                    "input_load_u8 " + o);
            assertEquals(model.inputU64(o), instance.export("input_load_u64").apply(o)[0], "input_load_u64 " + o);
        }
        assertEquals(37, instance.export("input_length").apply()[0]);
        assertEquals(24, instance.export("input_offset").apply()[0]);
        assertEquals(0, hostCalls.get(), "no kernel function reached the host");
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void storesOutsideTheMemoryInUseAreDroppedAndTheHeaderIsNeverWritten(EngineMode mode) {
        Model model = model(80, 24, 37);
        Memory kernel = new ByteArrayMemory(new MemoryLimits(1, 1));
        Instance instance = instantiate(mode, kernel);
        fill(kernel, model);
        byte[] before = kernel.readBytes(0, 65536);
        for (long o : HOSTILE) {
            if (!model.inBounds(o, 1)) {
                instance.export("store_u8").apply(o, 0x5A);
            }
            if (!model.inBounds(o, 8)) {
                instance.export("store_u64").apply(o, -1L);
            }
        }
        // the word stores at 73..79 reach past top: dropped; at 72 it fits exactly
        for (long o = 73; o < 80; o++) {
            instance.export("store_u64").apply(o, -1L);
        }
        assertArrayEquals(before, kernel.readBytes(0, 65536), "nothing outside [8, 80) changed, header intact");
        instance.export("store_u64").apply(72L, 0x1122334455667788L);
        instance.export("store_u8").apply(79L, 0x99);
        instance.export("store_u8").apply(8L, 0x42);
        assertEquals(0x9922334455667788L, kernel.readLong(72 + 16));
        assertEquals(0x42, kernel.read(8 + 16));
        assertEquals(80 - 8, kernel.readLong(0), "used");
        assertEquals(0, hostCalls.get());
        assertEquals(0, instance.memory(0).readLong(88), "the guest's own memory is untouched");
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aZeroedHeaderIsAnEmptyMemoryWithNoInput(EngineMode mode) {
        Memory kernel = new ByteArrayMemory(new MemoryLimits(1, 1));
        Instance instance = instantiate(mode, kernel);
        for (int i = 24; i < 200; i++) {
            kernel.writeByte(i, (byte) 0x7F);
        }
        for (long o : HOSTILE) {
            assertEquals(0, instance.export("load_u8").apply(o)[0], "load_u8 " + o);
            assertEquals(0, instance.export("load_u64").apply(o)[0], "load_u64 " + o);
            assertEquals(0, instance.export("input_load_u64").apply(o)[0], "input_load_u64 " + o);
        }
        assertEquals(0, instance.export("input_length").apply()[0]);
    }

    @Test
    void theRewrittenModuleValidatesAndKeepsEveryIndex() {
        byte[] original = Wat.assemble(CALLER);
        InlinedKernel inlined = KernelInliner.inline(original, LAYOUT);
        assertTrue(inlined.inlined());
        assertEquals(1, inlined.memoryIndex());
        assertEquals(1, inlined.definedMemoryPosition());
        assertEquals("", Wat.validationErrors(inlined.bytes(), "--enable-multi-memory", "--enable-tail-call"));
        WasmModule before = Parser.parse(original);
        WasmModule after = Parser.parse(inlined.bytes());
        assertEquals(before.importSection().importCount(), after.importSection().importCount(),
                "the imports stay: a table or export still reaches the host");
        for (int i = 0; i < before.exportSection().exportCount(); i++) {
            assertEquals(before.exportSection().getExport(i).index(), after.exportSection().getExport(i).index());
        }
        assertEquals(before.exportSection().exportCount(), after.exportSection().exportCount(), "no export added");
    }

    @Test
    void aModuleThatNamesTheMemoryItWouldGetIsLeftForTheEngineToRefuse() {
        // each names memory index 1, which the module does not have: invalid now, it must not become the kernel memory
        for (String attack : List.of(
                "(func (export \"g\") (result i64) (i64.load 1 (i32.const 0)))",
                "(func (export \"g\") (i64.store 1 (i32.const 0) (i64.const 1)))",
                "(func (export \"g\") (result i32) (memory.size 1))",
                "(func (export \"g\") (result i32) (memory.grow 1 (i32.const 1)))",
                "(func (export \"g\") (memory.fill 1 (i32.const 0) (i32.const 0) (i32.const 8)))",
                "(func (export \"g\") (memory.copy 0 1 (i32.const 0) (i32.const 0) (i32.const 8)))",
                "(data (memory 1) (i32.const 0) \"\\ff\")",
                "(export \"kernel\" (memory 1))")) {
            byte[] wasm = dropSecondMemory(Wat.assemble("""
                    (module
                      (import "extism:host/env" "load_u64" (func $load_u64 (param i64) (result i64)))
                      (memory 1) (memory 1)
                      (func (export "f") (result i64) (call $load_u64 (i64.const 8)))
                      %s)
                    """.formatted(attack), "--enable-multi-memory"));
            assertFalse(KernelInliner.inline(wasm, LAYOUT).inlined(), attack);
        }
    }

    @Test
    void aGuestWithSeveralMemoriesGetsTheKernelMemoryAfterThem() {
        byte[] wasm = Wat.assemble("""
                (module
                  (import "env" "shared" (memory 1))
                  (import "extism:host/env" "load_u8" (func $load_u8 (param i64) (result i32)))
                  (memory 1) (memory 2)
                  (func (export "f") (param i64) (result i32)
                    (i32.add (call $load_u8 (local.get 0)) (i32.load8_u 2 (i32.const 0)))))
                """, "--enable-multi-memory");
        InlinedKernel inlined = KernelInliner.inline(wasm, LAYOUT);
        assertEquals(3, inlined.memoryIndex());
        assertEquals(2, inlined.definedMemoryPosition());
        assertEquals("", Wat.validationErrors(inlined.bytes(), "--enable-multi-memory"));
    }

    @Test
    void nothingToInlineLeavesTheBytesAlone() {
        for (String wat : List.of(
                // no memory of its own: memory 0 would be the kernel memory
                "(module (import \"extism:host/env\" \"load_u8\" (func $l (param i64) (result i32)))"
                        + " (func (export \"f\") (result i32) (call $l (i64.const 8))))",
                // a kernel import of another type: the import check refuses it later
                "(module (import \"extism:host/env\" \"load_u8\" (func $l (param i32) (result i32))) (memory 1)"
                        + " (func (export \"f\") (result i32) (call $l (i32.const 8))))",
                // imported but only reached through a table
                "(module (import \"extism:host/env\" \"load_u8\" (func $l (param i64) (result i32))) (memory 1)"
                        + " (table 1 funcref) (elem (i32.const 0) $l))",
                // another module's load_u8
                "(module (import \"env\" \"load_u8\" (func $l (param i64) (result i32))) (memory 1)"
                        + " (func (export \"f\") (result i32) (call $l (i64.const 8))))")) {
            byte[] wasm = Wat.assemble(wat);
            InlinedKernel result = KernelInliner.inline(wasm, LAYOUT);
            assertFalse(result.inlined(), wat);
            assertSame(wasm, result.bytes());
        }
        byte[] garbage = {0, 'a', 's', 'm', 1, 0, 0, 0, 2, (byte) 0xFF};
        assertSame(garbage, KernelInliner.inline(garbage, LAYOUT).bytes());
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aKernelFunctionReachedThroughATableStillRunsOnTheHost(EngineMode mode) {
        byte[] wasm = Wat.assemble("""
                (module
                  (import "extism:host/env" "load_u64" (func $load_u64 (param i64) (result i64)))
                  (type $t (func (param i64) (result i64)))
                  (memory 1)
                  (table 1 funcref) (elem (i32.const 0) $load_u64)
                  (func (export "direct") (param i64) (result i64) (call $load_u64 (local.get 0)))
                  (func (export "indirect") (param i64) (result i64) (call_indirect (type $t) (local.get 0) (i32.const 0))))
                """);
        InlinedKernel inlined = KernelInliner.inline(wasm, LAYOUT);
        Memory kernel = new ByteArrayMemory(new MemoryLimits(1, 1));
        List<HostFunction> host = List.of(new HostFunction("extism:host/env", "load_u64",
                FunctionType.of(List.of(ValType.I64), List.of(ValType.I64)), (inst, args) -> {
                    hostCalls.incrementAndGet();
                    return new long[] {kernel.readLong((int) args[0] + 16)};
                }));
        Instance instance = build(mode, inlined, kernel, host);
        fill(kernel, model(80, 0, 0));
        kernel.writeLong(8 + 16, 77);
        assertEquals(77, instance.export("direct").apply(8L)[0]);
        assertEquals(0, hostCalls.get());
        assertEquals(77, instance.export("indirect").apply(8L)[0]);
        assertEquals(1, hostCalls.get());
    }

    @Test
    void kernelLayoutsThatOverlapTheBlocksAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new KernelLayout(8, 0, 0, 8, 16));
        assertThrows(IllegalArgumentException.class, () -> new KernelLayout(0, 16, 0, 8, 16));
    }

    private Instance instantiate(EngineMode mode, Memory kernel) {
        InlinedKernel inlined = KernelInliner.inline(Wat.assemble(CALLER), LAYOUT);
        assertTrue(inlined.inlined());
        List<HostFunction> host = new ArrayList<>();
        WasmModule parsed = Parser.parse(Wat.assemble(CALLER));
        for (int i = 0; i < parsed.importSection().importCount(); i++) {
            var imp = (com.dylibso.chicory.wasm.types.FunctionImport) parsed.importSection().getImport(i);
            host.add(new HostFunction(imp.module(), imp.name(), parsed.typeSection().getType(imp.typeIndex()),
                    (inst, args) -> {
                        hostCalls.incrementAndGet();
                        throw new AssertionError("host called for " + imp.name());
                    }));
        }
        return build(mode, inlined, kernel, host);
    }

    private static Instance build(EngineMode mode, InlinedKernel inlined, Memory kernel, List<HostFunction> host) {
        WasmModule module = Parser.parse(inlined.bytes());
        AtomicInteger defined = new AtomicInteger();
        Instance.Builder builder = Instance.builder(module)
                .withImportValues(ImportValues.builder().withFunctions(new ArrayList<>(host)).build())
                .withMemoryFactory(limits -> defined.getAndIncrement() == inlined.definedMemoryPosition() ? kernel
                        : new ByteArrayMemory(limits));
        builder.withMachineFactory(mode == EngineMode.COMPILED ? MachineFactoryCompiler.compile(module)
                : InterpreterMachine::new);
        return builder.build();
    }

    /**
     * Puts the model's bytes at offset + 16 and its header (used, input offset, input length) at 0,
     * 8, 16: after instantiation, which zeroes the memories an instance defines (the host's kernel
     * memory ignores that).
     */
    private static void fill(Memory kernel, Model model) {
        kernel.write(16, model.heap(), 0, model.heap().length);
        kernel.writeLong(0, model.top() - 8);
        kernel.writeLong(8, model.inputOffset());
        kernel.writeLong(16, model.inputLength());
    }

    private static Model model(long top, long inputOffset, long inputLength) {
        byte[] heap = new byte[65536 - 16];
        for (int i = 8; i < top; i++) {
            heap[i] = (byte) (i * 37 + 11);
        }
        return new Model(heap, top, inputOffset, inputLength);
    }

    private static List<Long> offsets(Model model) {
        List<Long> offsets = new ArrayList<>();
        for (long o : HOSTILE) {
            offsets.add(o);
        }
        for (long o = 0; o <= model.top() + 16; o++) {
            offsets.add(o);
        }
        for (long d : new long[] {-9, -8, -7, -1, 0, 1}) {
            offsets.add(model.top() + d);
            offsets.add(model.inputLength() + d);
            offsets.add(model.inputOffset() + model.inputLength() + d);
        }
        return offsets;
    }

    /** The module with its second memory entry removed: as a single-memory module that names memory 1. */
    private static byte[] dropSecondMemory(byte[] wasm) {
        var sections = dev.plinth.wasm.binary.ModuleSections.split(wasm);
        int at = dev.plinth.wasm.binary.ModuleSections.indexOf(sections, dev.plinth.wasm.binary.SectionId.MEMORY);
        sections.set(at, new dev.plinth.wasm.binary.Section(dev.plinth.wasm.binary.SectionId.MEMORY,
                new byte[] {1, 0, 1}));
        return dev.plinth.wasm.binary.ModuleSections.assemble(sections);
    }
}
