package dev.plinth.wasm.binary;

/** What an instruction does to the flow of control within its function. */
public enum ControlFlow {
    /** Falls through to the next instruction (calls included: they return to the next instruction). */
    SEQUENTIAL,
    /** Opens a block that is entered only by falling into it: {@code block}, {@code try_table}. */
    BLOCK,
    /** Opens a loop; branches to it jump back to the instruction after {@code loop}. */
    LOOP,
    /** Opens an {@code if}: continues in the then-arm or jumps to {@code else} or {@code end}. */
    IF,
    /** Ends the then-arm of an {@code if} and starts its else-arm. */
    ELSE,
    /** Closes a block, loop, if, try_table or the function body; branches land after it. */
    END,
    /** Always transfers control elsewhere: the instructions after it are unreachable. */
    UNCONDITIONAL_BRANCH,
    /** May branch or fall through. */
    CONDITIONAL_BRANCH;

    /** The role of {@code opcode}. */
    public static ControlFlow of(int opcode) {
        return switch (opcode) {
            case Opcodes.BLOCK, Opcodes.TRY_TABLE -> BLOCK;
            case Opcodes.LOOP -> LOOP;
            case Opcodes.IF -> IF;
            case Opcodes.ELSE -> ELSE;
            case Opcodes.END -> END;
            case Opcodes.UNREACHABLE, Opcodes.BR, Opcodes.BR_TABLE, Opcodes.RETURN, Opcodes.RETURN_CALL,
                    Opcodes.RETURN_CALL_INDIRECT, Opcodes.RETURN_CALL_REF, Opcodes.THROW, Opcodes.THROW_REF ->
                UNCONDITIONAL_BRANCH;
            default -> opcode == Opcodes.BR_IF || opcode == Opcodes.BR_ON_NULL || opcode == Opcodes.BR_ON_NON_NULL
                    || opcode == Opcodes.BR_ON_CAST || opcode == Opcodes.BR_ON_CAST_FAIL
                    ? CONDITIONAL_BRANCH
                    : SEQUENTIAL;
        };
    }
}
