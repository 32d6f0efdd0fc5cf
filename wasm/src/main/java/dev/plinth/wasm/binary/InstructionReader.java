package dev.plinth.wasm.binary;

/**
 * Decodes instructions one at a time: the opcode and enough of the immediates to know where the
 * instruction ends. It knows every instruction Chicory 1.7.5 knows (MVP, sign extension,
 * saturating conversions, bulk memory, reference types, multi-value, tail calls, exception
 * handling with {@code try_table}, typed function references, GC, SIMD without the relaxed
 * instructions, threads); anything else is a {@link MalformedWasmException}. It does not validate
 * types or indices: that is the engine's job.
 */
public final class InstructionReader {
    private static final int REF_NULLABLE = 0x63;
    private static final int REF_NON_NULLABLE = 0x64;
    private static final int MEMARG_HAS_MEMORY_INDEX = 0x40;

    private InstructionReader() {
    }

    /** Decodes the instruction at the reader's position and leaves the reader after it. */
    public static Instruction next(ByteReader in) {
        int start = in.position();
        int first = in.u8();
        if (Opcodes.isPrefix(first)) {
            int sub = in.index();
            long index = switch (first) {
                case Opcodes.PREFIX_GC -> gcImmediates(in, sub, start);
                case Opcodes.PREFIX_MISC -> miscImmediates(in, sub, start);
                case Opcodes.PREFIX_SIMD -> simdImmediates(in, sub, start);
                default -> threadImmediates(in, sub, start);
            };
            return new Instruction(Opcodes.prefixed(first, sub), start, in.position(), index);
        }
        long index = plainImmediates(in, first, start);
        return new Instruction(first, start, in.position(), index);
    }

    private static long plainImmediates(ByteReader in, int opcode, int start) {
        if (opcode >= 0x28 && opcode <= 0x3E) {
            memarg(in);
            return -1;
        }
        if (opcode >= 0x45 && opcode <= 0xC4) {
            return -1; // numeric instructions
        }
        switch (opcode) {
            case Opcodes.UNREACHABLE, Opcodes.NOP, Opcodes.ELSE, Opcodes.THROW_REF, Opcodes.END, Opcodes.RETURN,
                    Opcodes.DROP, Opcodes.SELECT, 0xD1, 0xD3, 0xD4 -> {
                return -1;
            }
            case Opcodes.BLOCK, Opcodes.LOOP, Opcodes.IF -> {
                blockType(in);
                return -1;
            }
            case Opcodes.TRY_TABLE -> {
                blockType(in);
                catchClauses(in, start);
                return -1;
            }
            case Opcodes.THROW, Opcodes.BR, Opcodes.BR_IF, Opcodes.CALL, Opcodes.RETURN_CALL, Opcodes.CALL_REF,
                    Opcodes.RETURN_CALL_REF, Opcodes.LOCAL_GET, Opcodes.LOCAL_SET, Opcodes.LOCAL_TEE,
                    Opcodes.GLOBAL_GET, Opcodes.GLOBAL_SET, Opcodes.TABLE_GET, Opcodes.TABLE_SET,
                    Opcodes.MEMORY_SIZE, Opcodes.MEMORY_GROW, Opcodes.REF_FUNC, Opcodes.BR_ON_NULL,
                    Opcodes.BR_ON_NON_NULL -> {
                return in.u32();
            }
            case Opcodes.CALL_INDIRECT, Opcodes.RETURN_CALL_INDIRECT -> {
                long type = in.u32();
                in.u32();
                return type;
            }
            case Opcodes.BR_TABLE -> {
                int count = in.index();
                long deepest = 0;
                for (int i = 0; i <= count; i++) {
                    deepest = Math.max(deepest, in.u32());
                }
                return deepest;
            }
            case Opcodes.SELECT_TYPED -> {
                int count = in.index();
                for (int i = 0; i < count; i++) {
                    valueType(in);
                }
                return -1;
            }
            case Opcodes.I32_CONST -> {
                in.s32();
                return -1;
            }
            case Opcodes.I64_CONST -> {
                in.s64();
                return -1;
            }
            case Opcodes.F32_CONST -> {
                in.skip(4);
                return -1;
            }
            case Opcodes.F64_CONST -> {
                in.skip(8);
                return -1;
            }
            case Opcodes.REF_NULL -> {
                in.s33();
                return -1;
            }
            default -> throw unknown(Opcodes.describe(opcode), start);
        }
    }

    private static long miscImmediates(ByteReader in, int sub, int start) {
        if (sub <= 0x07) {
            return -1; // saturating truncations
        }
        return switch (sub) {
            case 0x08, 0x0A, 0x0C, 0x0E -> { // memory.init, memory.copy, table.init, table.copy
                long first = in.u32();
                in.u32();
                yield first;
            }
            case 0x09, 0x0B, 0x0D, 0x0F, 0x10, 0x11 -> in.u32();
            default -> throw unknown(Opcodes.describe(Opcodes.prefixed(Opcodes.PREFIX_MISC, sub)), start);
        };
    }

    private static long simdImmediates(ByteReader in, int sub, int start) {
        if (sub <= 0x0B || sub == 0x5C || sub == 0x5D) {
            memarg(in); // loads and stores
        } else if (sub == 0x0C || sub == 0x0D) {
            in.skip(16); // v128.const, i8x16.shuffle
        } else if (sub >= 0x15 && sub <= 0x22) {
            in.skip(1); // lane index
        } else if (sub >= 0x54 && sub <= 0x5B) {
            memarg(in); // lane loads and stores
            in.skip(1);
        } else if (sub > 0xFF) {
            throw unknown(Opcodes.describe(Opcodes.prefixed(Opcodes.PREFIX_SIMD, sub)), start);
        }
        return -1;
    }

    private static long threadImmediates(ByteReader in, int sub, int start) {
        if (sub <= 0x02 || (sub >= 0x10 && sub <= 0x4E)) {
            memarg(in);
        } else if (sub == 0x03) {
            in.skip(1); // atomic.fence
        } else {
            throw unknown(Opcodes.describe(Opcodes.prefixed(Opcodes.PREFIX_THREADS, sub)), start);
        }
        return -1;
    }

    private static long gcImmediates(ByteReader in, int sub, int start) {
        return switch (sub) {
            case 0x00, 0x01, 0x06, 0x07, 0x0B, 0x0C, 0x0D, 0x0E, 0x10 -> in.u32();
            case 0x02, 0x03, 0x04, 0x05, 0x08, 0x09, 0x0A, 0x11, 0x12, 0x13 -> {
                long first = in.u32();
                in.u32();
                yield first;
            }
            case 0x0F, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E -> -1;
            case 0x14, 0x15, 0x16, 0x17 -> {
                in.s33();
                yield -1;
            }
            case 0x18, 0x19 -> { // br_on_cast, br_on_cast_fail: flags, label, two heap types
                in.skip(1);
                long label = in.u32();
                in.s33();
                in.s33();
                yield label;
            }
            default -> throw unknown(Opcodes.describe(Opcodes.prefixed(Opcodes.PREFIX_GC, sub)), start);
        };
    }

    private static void memarg(ByteReader in) {
        long flags = in.u32();
        if ((flags & MEMARG_HAS_MEMORY_INDEX) != 0) {
            in.u32();
        }
        in.u32();
    }

    /** A block type: empty (0x40), a value type, or a type index (s33). */
    private static void blockType(ByteReader in) {
        int b = in.peekU8();
        if (b == REF_NULLABLE || b == REF_NON_NULLABLE) {
            in.u8();
            in.s33();
        } else {
            in.s33();
        }
    }

    /** A value type: one byte, or a reference-type prefix followed by a heap type. */
    public static void valueType(ByteReader in) {
        int b = in.u8();
        if (b == REF_NULLABLE || b == REF_NON_NULLABLE) {
            in.s33();
        }
    }

    private static void catchClauses(ByteReader in, int start) {
        int count = in.index();
        for (int i = 0; i < count; i++) {
            int kind = in.u8();
            switch (kind) {
                case 0x00, 0x01 -> { // catch, catch_ref: tag, label
                    in.u32();
                    in.u32();
                }
                case 0x02, 0x03 -> in.u32(); // catch_all, catch_all_ref: label
                default -> throw new MalformedWasmException("unknown catch clause kind " + kind
                        + " in try_table at offset " + start);
            }
        }
    }

    private static MalformedWasmException unknown(String opcode, int start) {
        return new MalformedWasmException("unknown or unsupported opcode " + opcode + " at offset " + start);
    }
}
