package dev.plinth.wasm.kernel;

import dev.plinth.wasm.binary.ByteReader;
import dev.plinth.wasm.binary.Export;
import dev.plinth.wasm.binary.ExternalKind;
import dev.plinth.wasm.binary.FunctionBody;
import dev.plinth.wasm.binary.Instruction;
import dev.plinth.wasm.binary.InstructionReader;
import dev.plinth.wasm.binary.Opcodes;
import dev.plinth.wasm.binary.Section;
import java.util.List;

/**
 * The highest memory index a module names anywhere: in an instruction (loads, stores, atomics,
 * SIMD memory accesses, {@code memory.size/grow/init/copy/fill}), an active data segment or a
 * memory export. The module is not validated before the kernel memory is added, so a module that
 * names a memory it does not have would name the kernel memory once it exists: such a module is
 * left as it is, for the engine to refuse.
 */
final class NamedMemories {
    private static final int MEMARG_HAS_MEMORY_INDEX = 0x40;
    private static final int DATA_ACTIVE_WITH_MEMORY = 2;

    private NamedMemories() {
    }

    /** The highest memory index named in the code (bodies and their instructions), data and exports; -1 for none. */
    static long highest(byte[] code, List<FunctionBody> bodies, List<List<Instruction>> instructions, Section data,
            Section exports) {
        long highest = -1;
        for (int i = 0; i < bodies.size(); i++) {
            for (Instruction instruction : instructions.get(i)) {
                highest = Math.max(highest, named(code, instruction));
            }
        }
        if (data != null) {
            highest = Math.max(highest, inData(data));
        }
        if (exports != null) {
            for (Export export : Export.list(exports)) {
                if (export.kind() == ExternalKind.MEMORY) {
                    highest = Math.max(highest, export.index());
                }
            }
        }
        return highest;
    }

    /** The highest memory index one instruction names, or -1. */
    static long named(byte[] code, Instruction instruction) {
        int opcode = instruction.opcode();
        if (opcode >= 0x28 && opcode <= 0x3E) {
            return memarg(code, instruction.start() + 1);
        }
        if (opcode == Opcodes.MEMORY_SIZE || opcode == Opcodes.MEMORY_GROW) {
            return instruction.index();
        }
        if (opcode <= 0xFF) {
            return -1;
        }
        int prefix = opcode >>> 16;
        int sub = opcode & 0xFFFF;
        ByteReader in = new ByteReader(code, instruction.start() + 1, instruction.end());
        in.u32(); // the sub-opcode
        if (prefix == Opcodes.PREFIX_MISC) {
            return switch (sub) {
                case 0x08 -> { // memory.init data memory
                    in.u32();
                    yield in.u32();
                }
                case 0x0A -> Math.max(in.u32(), in.u32()); // memory.copy to from
                case 0x0B -> in.u32(); // memory.fill
                default -> -1;
            };
        }
        boolean simdMemory = prefix == Opcodes.PREFIX_SIMD
                && (sub <= 0x0B || sub == 0x5C || sub == 0x5D || (sub >= 0x54 && sub <= 0x5B));
        boolean atomic = prefix == Opcodes.PREFIX_THREADS && (sub <= 0x02 || (sub >= 0x10 && sub <= 0x4E));
        return simdMemory || atomic ? memarg(code, in.position()) : -1;
    }

    /** The memory a memarg at {@code at} names: its explicit index, or 0. */
    private static long memarg(byte[] code, int at) {
        ByteReader in = new ByteReader(code, at, code.length);
        long flags = in.u32();
        return (flags & MEMARG_HAS_MEMORY_INDEX) != 0 ? in.u32() : 0;
    }

    private static long inData(Section data) {
        ByteReader in = data.reader();
        int count = in.index();
        long highest = -1;
        for (int i = 0; i < count; i++) {
            long flags = in.u32();
            if (flags > DATA_ACTIVE_WITH_MEMORY) {
                return Long.MAX_VALUE; // not a segment the engine knows: it refuses the module
            }
            if (flags == 0) {
                highest = Math.max(highest, 0);
            } else if (flags == DATA_ACTIVE_WITH_MEMORY) {
                highest = Math.max(highest, in.u32());
            }
            if (flags != 1) {
                skipConstantExpression(in);
            }
            in.skip(in.index());
        }
        return highest;
    }

    private static void skipConstantExpression(ByteReader in) {
        while (InstructionReader.next(in).opcode() != Opcodes.END) {
            // a constant expression has no blocks: its first end ends it
        }
    }
}
