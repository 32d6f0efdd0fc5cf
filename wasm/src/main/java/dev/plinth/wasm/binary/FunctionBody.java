package dev.plinth.wasm.binary;

import java.util.ArrayList;
import java.util.List;

/**
 * Where one function body lies in a code section's payload: {@code [start, end)} is the body
 * after its size; it declares {@code localGroups} groups of locals, {@code declaredLocals} locals
 * in all, whose encoding is {@code [groupsStart, codeStart)}; {@code [codeStart, end)} holds its
 * instructions. {@code position} is the body's position in the code section (0-based).
 */
public record FunctionBody(int position, int start, int groupsStart, int codeStart, int end, int localGroups,
                           long declaredLocals) {

    /** The bodies of a code section payload, in order. */
    public static List<FunctionBody> list(byte[] codeSectionPayload) {
        ByteReader in = new ByteReader(codeSectionPayload);
        int count = in.index();
        List<FunctionBody> bodies = new ArrayList<>(Math.min(count, codeSectionPayload.length));
        for (int i = 0; i < count; i++) {
            int size = in.index();
            int start = in.position();
            if (size > in.remaining()) {
                throw new MalformedWasmException("function body " + i + " at offset " + start + " claims " + size
                        + " bytes, " + in.remaining() + " left in the code section");
            }
            ByteReader locals = new ByteReader(codeSectionPayload, start, start + size);
            int groups = locals.index();
            int groupsStart = locals.position();
            long declared = 0;
            for (int g = 0; g < groups; g++) {
                declared += locals.u32();
                InstructionReader.valueType(locals);
            }
            bodies.add(new FunctionBody(i, start, groupsStart, locals.position(), start + size, groups, declared));
            in.skip(size);
        }
        if (!in.atEnd()) {
            throw new MalformedWasmException("code section has " + in.remaining() + " bytes after its " + count
                    + " function bodies");
        }
        return bodies;
    }

    /**
     * The instructions of this body, in order, ending with the {@code end} that closes the
     * function. Checks that blocks nest and that the body ends exactly at that {@code end}.
     */
    public List<Instruction> instructions(byte[] codeSectionPayload) {
        ByteReader in = new ByteReader(codeSectionPayload, codeStart, end);
        List<Instruction> instructions = new ArrayList<>();
        int depth = 0;
        while (true) {
            if (in.atEnd()) {
                throw new MalformedWasmException("function body " + position + " ends without its final end");
            }
            Instruction instruction = InstructionReader.next(in);
            instructions.add(instruction);
            switch (instruction.controlFlow()) {
                case BLOCK, LOOP, IF -> depth++;
                case END -> depth--;
                default -> {
                }
            }
            if (depth < 0) {
                if (!in.atEnd()) {
                    throw new MalformedWasmException("function body " + position + " has " + in.remaining()
                            + " bytes after its final end");
                }
                return instructions;
            }
        }
    }
}
