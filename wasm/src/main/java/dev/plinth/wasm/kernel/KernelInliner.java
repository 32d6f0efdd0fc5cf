package dev.plinth.wasm.kernel;

import dev.plinth.wasm.binary.ByteWriter;
import dev.plinth.wasm.binary.FunctionBody;
import dev.plinth.wasm.binary.FunctionImports;
import dev.plinth.wasm.binary.FunctionTypes;
import dev.plinth.wasm.binary.ImportCounts;
import dev.plinth.wasm.binary.Instruction;
import dev.plinth.wasm.binary.MalformedWasmException;
import dev.plinth.wasm.binary.ModuleSections;
import dev.plinth.wasm.binary.Opcodes;
import dev.plinth.wasm.binary.Section;
import dev.plinth.wasm.binary.SectionId;
import dev.plinth.wasm.binary.VectorSection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves the byte-moving functions of Extism's kernel into the module, as Extism's own wasm kernel
 * is: {@code load_u8}, {@code load_u64}, {@code store_u8}, {@code store_u64}, {@code input_load_u8},
 * {@code input_load_u64}, {@code input_length} and {@code input_offset} become plain functions of
 * the module that load and store a second linear memory, the <em>kernel memory</em>, which holds
 * the Extism blocks and which the host owns (it supplies the memory object when it instantiates the
 * module, {@link InlinedKernel#definedMemoryPosition}). Copying a call's input and output then
 * costs wasm instructions, not a host call per eight bytes. {@code alloc}, {@code free},
 * {@code length}, {@code output_set}, {@code reset} and the rest stay host calls: they need the
 * host's block table, limits or the call's output, and a guest calls them a few times per call.
 *
 * <p><b>No renumbering.</b> The imports stay where they are, still linked to the host's functions
 * (which work on the same kernel memory, so they mean the same); the added functions are appended
 * after the module's own, and only {@code call} and {@code return_call} of a kernel import are
 * pointed at its added twin. So no index of the module moves: other calls, {@code ref.func},
 * element segments, exports, the start function and the name section stay byte for byte, and a
 * kernel function reached through a table or exported still runs, on the host. Five function types
 * are appended to the type section, the added functions to the function and code sections, and
 * the kernel memory to the memory section, after the module's own memories (its index is the
 * number of memories the module had). The module gets no new import or export, so no name it
 * defines can clash.
 *
 * <p><b>Containment.</b> The guest's own code cannot reach the kernel memory: the module is not
 * validated before this rewrite, so a module that names any memory index it does not have (in an
 * instruction, a data segment or an export) is left unchanged, for the engine to refuse as it did;
 * the kernel memory is not exported and cannot be grown by the guest (the host's memory object
 * refuses). The added functions keep every bounds check of the host's kernel, over the header the
 * host keeps in the kernel memory ({@link KernelLayout}); see {@link KernelFunctions}.
 *
 * <p>Nothing is changed (the input is returned) when the module imports none of these functions
 * with their kernel type or never calls one directly, when it has no memory of its own (its memory
 * 0 would be the kernel memory, which WASI and the host read as the guest's), or when it cannot be
 * read: the engine then reports it as before. Runs before fuel metering, so the added functions are
 * metered like the module's own code: a kernel copy costs the instructions it runs, the same count
 * in every engine mode. For that the host inlines in interpreter mode too, although Chicory's
 * interpreter runs the added functions slower than the host calls they replace (compiled, an
 * Extism-shaped 1 KiB echo costs about 30% less CPU; benchmarks {@code KernelEchoBenchmark}).
 */
public final class KernelInliner {
    /** The import module of Extism's kernel. */
    public static final String KERNEL_MODULE = "extism:host/env";
    /** The kernel memory's limits entry: no initial pages, no maximum (the host's memory decides). */
    private static final byte[] KERNEL_MEMORY = {0x00, 0x00};

    private KernelInliner() {
    }

    /** {@code module} with the kernel's byte functions inlined over a kernel memory laid out as {@code layout}. */
    public static InlinedKernel inline(byte[] module, KernelLayout layout) {
        try {
            return rewrite(module, layout);
        } catch (MalformedWasmException e) {
            return InlinedKernel.unchanged(module);
        }
    }

    private static InlinedKernel rewrite(byte[] module, KernelLayout layout) {
        List<Section> sections = ModuleSections.split(module);
        Section imports = section(sections, SectionId.IMPORT);
        Section functions = section(sections, SectionId.FUNCTION);
        Section code = section(sections, SectionId.CODE);
        Section memories = section(sections, SectionId.MEMORY);
        if (imports == null || code == null || functions == null) {
            return InlinedKernel.unchanged(module);
        }
        FunctionTypes types = FunctionTypes.read(section(sections, SectionId.TYPE), functions);
        Map<Integer, KernelFunctions.Function> kernelImports = kernelImports(FunctionImports.read(imports), types);
        ImportCounts counts = ImportCounts.read(imports);
        int definedMemories = memories == null ? 0 : VectorSection.count(memories);
        int memoryCount = counts.memories() + definedMemories;
        if (kernelImports.isEmpty() || memoryCount == 0) {
            return InlinedKernel.unchanged(module);
        }
        byte[] payload = code.payload();
        List<FunctionBody> bodies = FunctionBody.list(payload);
        if (bodies.size() != VectorSection.count(functions)) {
            return InlinedKernel.unchanged(module);
        }
        List<List<Instruction>> instructions = new ArrayList<>(bodies.size());
        for (FunctionBody body : bodies) {
            instructions.add(body.instructions(payload));
        }
        if (NamedMemories.highest(payload, bodies, instructions, section(sections, SectionId.DATA),
                section(sections, SectionId.EXPORT)) >= memoryCount) {
            return InlinedKernel.unchanged(module);
        }
        KernelFunctions added = new KernelFunctions(layout, memoryCount, counts.functions() + bodies.size());
        Map<Integer, Integer> twins = new HashMap<>();
        kernelImports.forEach((index, function) -> twins.put(index, added.index(function)));
        ByteWriter newCode = new ByteWriter(payload.length + 1024);
        newCode.u32((long) bodies.size() + KernelFunctions.Function.values().length);
        boolean redirected = false;
        for (int i = 0; i < bodies.size(); i++) {
            byte[] body = redirectCalls(payload, bodies.get(i), instructions.get(i), twins);
            redirected |= body != null;
            FunctionBody function = bodies.get(i);
            if (body == null) {
                newCode.u32(function.end() - function.start()).bytes(payload, function.start(), function.end());
            } else {
                newCode.u32(body.length).bytes(body);
            }
        }
        if (!redirected) {
            return InlinedKernel.unchanged(module);
        }
        added.bodies().forEach(newCode::bytes);
        sections.set(ModuleSections.indexOf(sections, SectionId.CODE), new Section(SectionId.CODE,
                newCode.toByteArray()));
        int firstType = types.typeCount();
        List<byte[]> typeEntries = new ArrayList<>();
        for (KernelFunctions.Type type : KernelFunctions.Type.values()) {
            typeEntries.add(type.entry());
        }
        VectorSection.append(sections, SectionId.TYPE, typeEntries);
        List<byte[]> functionEntries = new ArrayList<>();
        for (KernelFunctions.Function function : KernelFunctions.Function.values()) {
            functionEntries.add(new ByteWriter(5).u32(firstType + function.type.ordinal()).toByteArray());
        }
        VectorSection.append(sections, SectionId.FUNCTION, functionEntries);
        VectorSection.append(sections, SectionId.MEMORY, List.of(KERNEL_MEMORY));
        return new InlinedKernel(ModuleSections.assemble(sections), memoryCount, definedMemories);
    }

    /** The imports of kernel functions that have an inlined twin, by function index: only those of the kernel's type. */
    private static Map<Integer, KernelFunctions.Function> kernelImports(List<FunctionImports.Entry> imports,
            FunctionTypes types) {
        Map<Integer, KernelFunctions.Function> found = new HashMap<>();
        for (FunctionImports.Entry entry : imports) {
            if (!entry.module().equals(KERNEL_MODULE)) {
                continue;
            }
            for (KernelFunctions.Function function : KernelFunctions.Function.values()) {
                if (function.importName.equals(entry.name())
                        && Arrays.equals(types.signature(entry.type()), function.type.signature)) {
                    found.put(entry.index(), function);
                }
            }
        }
        return found;
    }

    /** The body with its direct calls of kernel imports pointed at their twins, or null when it makes none. */
    private static byte[] redirectCalls(byte[] payload, FunctionBody function, List<Instruction> instructions,
            Map<Integer, Integer> twins) {
        ByteWriter body = null;
        int copiedTo = function.start();
        for (Instruction instruction : instructions) {
            int opcode = instruction.opcode();
            if ((opcode == Opcodes.CALL || opcode == Opcodes.RETURN_CALL) && instruction.index() <= Integer.MAX_VALUE
                    && twins.containsKey((int) instruction.index())) {
                if (body == null) {
                    body = new ByteWriter(function.end() - function.start() + 64);
                }
                body.bytes(payload, copiedTo, instruction.start());
                body.u8(opcode).u32(twins.get((int) instruction.index()));
                copiedTo = instruction.end();
            }
        }
        if (body == null) {
            return null;
        }
        body.bytes(payload, copiedTo, function.end());
        return body.toByteArray();
    }

    private static Section section(List<Section> sections, int id) {
        int at = ModuleSections.indexOf(sections, id);
        return at < 0 ? null : sections.get(at);
    }
}
