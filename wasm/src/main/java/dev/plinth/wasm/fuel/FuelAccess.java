package dev.plinth.wasm.fuel;

import dev.plinth.wasm.binary.Instruction;
import dev.plinth.wasm.binary.Opcodes;
import java.util.List;

/**
 * How a function's charges reach the fuel counter.
 *
 * <p>{@link #LOCAL_COPY}: the function keeps the counter in a local of its own (appended after
 * its locals, or its extra last parameter if it takes the counter from its caller:
 * {@link FuelParameters}), which the engines hold in a register: it loads the counter on entry
 * (unless passed) and after every call, and writes it back before every call (except one that
 * passes it as an argument) and every way out of the function ({@code return}, a branch to the
 * function's label, the final {@code end}, tail calls, {@code throw}, {@code unreachable}, and the
 * exhaustion trap), except that a function that returns the counter to its caller
 * ({@link FuelParameters}) returns its copy instead of writing it back. Callees and host functions
 * therefore always see and update the true counter.
 *
 * <p>{@link #GLOBAL}: every charge reads and writes the counter itself, and no local is added.
 * Used for functions that contain {@code try_table} (an exception caught there may come from a
 * callee that spent fuel after the last write-back, which a local copy would miss), and for every
 * function of a module that makes tail calls (Chicory 1.7.5's interpreter fails on a tail call
 * into a function that declares locals, so metering must not add any).
 */
enum FuelAccess {
    LOCAL_COPY,
    GLOBAL;

    /** The access a function body gets. */
    static FuelAccess of(List<Instruction> instructions, boolean moduleMakesTailCalls) {
        if (moduleMakesTailCalls) {
            return GLOBAL;
        }
        for (Instruction instruction : instructions) {
            if (instruction.opcode() == Opcodes.TRY_TABLE) {
                return GLOBAL;
            }
        }
        return LOCAL_COPY;
    }

    /** Whether any of the instructions is a tail call. */
    static boolean makesTailCalls(List<Instruction> instructions) {
        for (Instruction instruction : instructions) {
            int opcode = instruction.opcode();
            if (opcode == Opcodes.RETURN_CALL || opcode == Opcodes.RETURN_CALL_INDIRECT
                    || opcode == Opcodes.RETURN_CALL_REF) {
                return true;
            }
        }
        return false;
    }
}
