package dev.plinth.wasm.fuel;

import dev.plinth.wasm.binary.Instruction;
import dev.plinth.wasm.binary.Opcodes;
import java.util.BitSet;

/**
 * The labels around the instruction a walk through one function body has reached: which of them
 * are loops, and which loops call a function in their header block (the straight-line code every
 * iteration starts with), so that every iteration passes the check before that call. Label 0 is
 * the innermost; the deepest is the function's own label, which is not a loop. {@link ChargePlanner}
 * uses it to find branches that leave the function and branches that go round a loop without
 * another check.
 */
final class EnclosingLabels {
    /** Bit {@code i} is set when the label opened {@code i}-th (0 = the function's) is a loop. */
    private final BitSet loops = new BitSet();
    /** Bit {@code i} is set when that label is a loop whose header block makes a call. */
    private final BitSet headerCalls = new BitSet();
    /** Labels open, the function's included. */
    private int count = 1;
    /** The position of the loop whose header block the walk is in, or -1. */
    private int header = -1;

    /** How many labels the current instruction is nested in, not counting the function's. */
    int depth() {
        return count - 1;
    }

    /**
     * Whether {@code instruction}, at the current position, may go back to a loop header in an
     * iteration that passed no call: a branch naming the label of a loop whose header block makes
     * no call, or a {@code br_table} that could (its labels are not all known here, only the
     * deepest, so any such loop within that depth counts).
     */
    boolean mayGoRoundWithoutACall(Instruction instruction) {
        int opcode = instruction.opcode();
        if (opcode == Opcodes.BR_TABLE) {
            for (long relative = 0; relative <= instruction.index() && relative < count; relative++) {
                if (isLoopWithoutHeaderCall(relative)) {
                    return true;
                }
            }
            return false;
        }
        boolean branch = opcode == Opcodes.BR || opcode == Opcodes.BR_IF || opcode == Opcodes.BR_ON_NULL
                || opcode == Opcodes.BR_ON_NON_NULL || opcode == Opcodes.BR_ON_CAST
                || opcode == Opcodes.BR_ON_CAST_FAIL;
        return branch && isLoopWithoutHeaderCall(instruction.index());
    }

    /** Notes a call at the current position. */
    void call() {
        if (header >= 0) {
            headerCalls.set(header);
        }
    }

    /**
     * Moves past {@code instruction}: opens a label for block, loop, if and try_table, closes one at
     * end, and leaves a loop's header block where a metered block ends ({@link ChargePlanner}).
     */
    void step(Instruction instruction) {
        switch (instruction.controlFlow()) {
            case BLOCK -> open(false);
            case LOOP -> {
                open(true);
                header = count - 1;
            }
            case IF -> {
                open(false);
                header = -1;
            }
            case END -> {
                count--;
                header = -1;
            }
            case ELSE, UNCONDITIONAL_BRANCH, CONDITIONAL_BRANCH -> header = -1;
            case SEQUENTIAL -> {
            }
        }
    }

    private void open(boolean loop) {
        loops.set(count, loop);
        headerCalls.clear(count);
        count++;
    }

    private boolean isLoopWithoutHeaderCall(long relative) {
        if (relative < 0 || relative >= count) {
            return false;
        }
        int position = count - 1 - (int) relative;
        return loops.get(position) && !headerCalls.get(position);
    }
}
