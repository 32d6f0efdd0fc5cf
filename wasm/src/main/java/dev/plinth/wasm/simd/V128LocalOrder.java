package dev.plinth.wasm.simd;

import dev.plinth.api.error.InvalidModuleException;
import dev.plinth.wasm.binary.ByteReader;
import dev.plinth.wasm.binary.ByteWriter;
import dev.plinth.wasm.binary.FunctionBody;
import dev.plinth.wasm.binary.FunctionTypes;
import dev.plinth.wasm.binary.InstructionReader;
import dev.plinth.wasm.binary.Instruction;
import dev.plinth.wasm.binary.MalformedWasmException;
import dev.plinth.wasm.binary.ModuleSections;
import dev.plinth.wasm.binary.Opcodes;
import dev.plinth.wasm.binary.Section;
import dev.plinth.wasm.binary.SectionId;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes {@code v128} locals come back as they were stored in Chicory 1.7.5's interpreter, whose
 * {@code local.set} and {@code local.tee} of a {@code v128} store its two 64-bit halves swapped
 * while {@code local.get}, parameters, globals, calls and blocks keep them in order (found here: a
 * value set into a local reads back with its halves exchanged). Before each {@code local.set} of a
 * {@code v128} local the rewrite swaps the value's halves, and around each {@code local.tee} too, so
 * that the two swaps cancel: {@code v128.const i8x16 8..15 0..7} then {@code i8x16.swizzle}. Only
 * code bytes are inserted (structured control flow has no offsets to fix), so no index moves.
 * Apply it only to modules that run on that interpreter.
 */
public final class V128LocalOrder {
    private static final int V128 = 0x7B;
    private static final byte[] SWAP = swap();

    private V128LocalOrder() {
    }

    /**
     * {@code wasm} with the swaps inserted, or {@code wasm} itself when no function sets a
     * {@code v128} local.
     *
     * @throws InvalidModuleException when the module is malformed
     */
    public static byte[] rewrite(byte[] wasm) {
        try {
            List<Section> sections = ModuleSections.split(wasm);
            int code = ModuleSections.indexOf(sections, SectionId.CODE);
            if (code < 0) {
                return wasm;
            }
            int typeAt = ModuleSections.indexOf(sections, SectionId.TYPE);
            int functionAt = ModuleSections.indexOf(sections, SectionId.FUNCTION);
            FunctionTypes types = FunctionTypes.read(typeAt < 0 ? null : sections.get(typeAt),
                    functionAt < 0 ? null : sections.get(functionAt));
            byte[] payload = sections.get(code).payload();
            List<FunctionBody> bodies = FunctionBody.list(payload);
            ByteWriter out = new ByteWriter(payload.length + 64);
            out.u32(bodies.size());
            boolean changed = false;
            for (FunctionBody body : bodies) {
                byte[] rewritten = body(payload, body, types.parameterTypes(body.position()));
                changed |= rewritten != null;
                if (rewritten == null) {
                    out.u32(body.end() - body.start()).bytes(payload, body.start(), body.end());
                } else {
                    out.u32(rewritten.length).bytes(rewritten);
                }
            }
            if (!changed) {
                return wasm;
            }
            List<Section> result = new ArrayList<>(sections);
            result.set(code, new Section(SectionId.CODE, out.toByteArray()));
            return ModuleSections.assemble(result);
        } catch (MalformedWasmException e) {
            throw new InvalidModuleException("the module is not a valid WebAssembly module: " + e.getMessage(), e);
        }
    }

    /** The body with swaps, or {@code null} when it sets no {@code v128} local. */
    private static byte[] body(byte[] payload, FunctionBody body, int[] parameters) {
        Locals locals = Locals.of(payload, body, parameters);
        if (!locals.anyV128()) {
            return null;
        }
        ByteWriter out = new ByteWriter(body.end() - body.start() + 64);
        out.bytes(payload, body.start(), body.codeStart());
        boolean changed = false;
        for (Instruction instruction : body.instructions(payload)) {
            int opcode = instruction.opcode();
            boolean v128 = (opcode == Opcodes.LOCAL_SET || opcode == Opcodes.LOCAL_TEE)
                    && locals.isV128(instruction.index());
            if (v128) {
                out.bytes(SWAP);
                changed = true;
            }
            out.bytes(payload, instruction.start(), instruction.end());
            if (v128 && opcode == Opcodes.LOCAL_TEE) {
                out.bytes(SWAP);
            }
        }
        return changed ? out.toByteArray() : null;
    }

    private static byte[] swap() {
        ByteWriter out = new ByteWriter(20).u8(Opcodes.PREFIX_SIMD).u32(0x0C);
        for (int i = 0; i < 16; i++) {
            out.u8((i + 8) % 16);
        }
        return out.u8(Opcodes.PREFIX_SIMD).u32(0x0E).toByteArray();
    }

    /** Which local indices of one function hold {@code v128}: parameters, then runs of declared locals. */
    private record Locals(int[] parameters, long[] runStarts, long[] runEnds) {
        static Locals of(byte[] payload, FunctionBody body, int[] parameters) {
            ByteReader in = new ByteReader(payload, body.groupsStart(), body.codeStart());
            List<long[]> runs = new ArrayList<>();
            long next = parameters.length;
            for (int g = 0; g < body.localGroups(); g++) {
                long count = in.u32();
                int type = in.peekU8();
                InstructionReader.valueType(in);
                if (type == V128) {
                    runs.add(new long[] {next, next + count});
                }
                next += count;
            }
            long[] starts = new long[runs.size()];
            long[] ends = new long[runs.size()];
            for (int i = 0; i < runs.size(); i++) {
                starts[i] = runs.get(i)[0];
                ends[i] = runs.get(i)[1];
            }
            return new Locals(parameters, starts, ends);
        }

        boolean anyV128() {
            if (runStarts.length > 0) {
                return true;
            }
            for (int type : parameters) {
                if (type == V128) {
                    return true;
                }
            }
            return false;
        }

        boolean isV128(long index) {
            if (index < parameters.length) {
                return parameters[(int) index] == V128;
            }
            for (int i = 0; i < runStarts.length; i++) {
                if (index >= runStarts[i] && index < runEnds[i]) {
                    return true;
                }
            }
            return false;
        }
    }
}
