package dev.plinth.wasm.fuel;

import dev.plinth.wasm.binary.Instruction;
import dev.plinth.wasm.binary.Opcodes;

/**
 * What each instruction costs. Every instruction costs 1, except the structural markers
 * {@code block}, {@code loop}, {@code else}, {@code end} and {@code try_table}, which cost 0
 * (they do no work of their own). Instructions whose work grows with a count operand (bulk memory
 * and table operations and the GC array operations that fill or copy) pay in addition 1 per
 * {@code 2^UNIT_SHIFT} units (bytes or elements) of that count, charged when they run.
 */
final class CostModel {
    /** The per-unit charge is {@code count >>> UNIT_SHIFT}: 1 fuel per 16 bytes or elements. */
    static final int UNIT_SHIFT = 4;

    private CostModel() {
    }

    /** The static part of an instruction's cost. */
    static long staticCost(Instruction instruction) {
        return switch (instruction.opcode()) {
            case Opcodes.BLOCK, Opcodes.LOOP, Opcodes.ELSE, Opcodes.END, Opcodes.TRY_TABLE -> 0;
            default -> 1;
        };
    }

    /**
     * Whether the instruction also pays per unit of the i32 count on top of its operand stack.
     * Each of these takes the count as its last operand.
     */
    static boolean chargesPerUnit(Instruction instruction) {
        int opcode = instruction.opcode();
        return opcode == Opcodes.MEMORY_INIT || opcode == Opcodes.MEMORY_COPY || opcode == Opcodes.MEMORY_FILL
                || opcode == Opcodes.TABLE_INIT || opcode == Opcodes.TABLE_COPY || opcode == Opcodes.TABLE_FILL
                || opcode == Opcodes.ARRAY_NEW || opcode == Opcodes.ARRAY_NEW_DEFAULT
                || opcode == Opcodes.ARRAY_NEW_DATA || opcode == Opcodes.ARRAY_NEW_ELEM
                || opcode == Opcodes.ARRAY_FILL || opcode == Opcodes.ARRAY_COPY
                || opcode == Opcodes.ARRAY_INIT_DATA || opcode == Opcodes.ARRAY_INIT_ELEM;
    }
}
