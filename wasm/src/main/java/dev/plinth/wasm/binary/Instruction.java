package dev.plinth.wasm.binary;

/**
 * One decoded instruction of a function body: its opcode (see {@link Opcodes} for prefixed ones),
 * where it starts and ends in the bytes it was read from, and its first immediate when that is
 * an index (local, global, function, label, ...; for {@code br_table} the deepest label it can
 * branch to; -1 for instructions without one).
 */
public record Instruction(int opcode, int start, int end, long index) {

    /** The control-flow role of this instruction. */
    public ControlFlow controlFlow() {
        return ControlFlow.of(opcode);
    }
}
