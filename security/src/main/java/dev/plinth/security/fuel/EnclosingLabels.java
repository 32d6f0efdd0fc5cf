package dev.plinth.security.fuel;

import dev.plinth.security.internal.wasm.Instruction;
import dev.plinth.security.internal.wasm.Opcodes;
import java.util.BitSet;

/**
 * The labels around the instruction a walk through one function body has reached, and which of
 * them are loops. Label 0 is the innermost; the deepest is the function's own label, which is not
 * a loop. {@link ChargePlanner} uses it to find branches that leave the function and branches that
 * go back to a loop header.
 */
final class EnclosingLabels {
    /** Bit {@code i} is set when the label opened {@code i}-th (0 = the function's) is a loop. */
    private final BitSet loops = new BitSet();
    /** Labels open, the function's included. */
    private int count = 1;

    /** How many labels the current instruction is nested in, not counting the function's. */
    int depth() {
        return count - 1;
    }

    /** Whether the label {@code relative} levels out (as a branch names it) is a loop. */
    boolean isLoop(long relative) {
        return relative >= 0 && relative < count && loops.get(count - 1 - (int) relative);
    }

    /** Whether any of the labels 0 to {@code deepest} is a loop. */
    boolean anyLoopWithin(long deepest) {
        for (long relative = 0; relative <= deepest && relative < count; relative++) {
            if (isLoop(relative)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code instruction}, at the current position, may branch to a loop header: a branch
     * naming a loop's label, or a {@code br_table} that could (its labels are not all known here,
     * only the deepest, so any loop within that depth counts).
     */
    boolean branchesToALoop(Instruction instruction) {
        int opcode = instruction.opcode();
        if (opcode == Opcodes.BR_TABLE) {
            return anyLoopWithin(instruction.index());
        }
        boolean branch = opcode == Opcodes.BR || opcode == Opcodes.BR_IF || opcode == Opcodes.BR_ON_NULL
                || opcode == Opcodes.BR_ON_NON_NULL || opcode == Opcodes.BR_ON_CAST
                || opcode == Opcodes.BR_ON_CAST_FAIL;
        return branch && isLoop(instruction.index());
    }

    /** Moves past {@code instruction}: opens a label for block, loop, if and try_table, closes one at end. */
    void step(Instruction instruction) {
        switch (instruction.controlFlow()) {
            case BLOCK, IF -> loops.clear(count++);
            case LOOP -> loops.set(count++);
            case END -> count--;
            default -> {
            }
        }
    }
}
