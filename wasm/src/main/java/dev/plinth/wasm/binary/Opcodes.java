package dev.plinth.wasm.binary;

/**
 * Opcode numbers used by the readers and writers of this package and their callers. A prefixed
 * opcode (0xFB, 0xFC, 0xFD, 0xFE) is represented as {@code prefix << 16 | subOpcode}.
 */
public final class Opcodes {
    public static final int UNREACHABLE = 0x00;
    public static final int NOP = 0x01;
    public static final int BLOCK = 0x02;
    public static final int LOOP = 0x03;
    public static final int IF = 0x04;
    public static final int ELSE = 0x05;
    public static final int THROW = 0x08;
    public static final int THROW_REF = 0x0A;
    public static final int END = 0x0B;
    public static final int BR = 0x0C;
    public static final int BR_IF = 0x0D;
    public static final int BR_TABLE = 0x0E;
    public static final int RETURN = 0x0F;
    public static final int CALL = 0x10;
    public static final int CALL_INDIRECT = 0x11;
    public static final int RETURN_CALL = 0x12;
    public static final int RETURN_CALL_INDIRECT = 0x13;
    public static final int CALL_REF = 0x14;
    public static final int RETURN_CALL_REF = 0x15;
    public static final int DROP = 0x1A;
    public static final int SELECT = 0x1B;
    public static final int SELECT_TYPED = 0x1C;
    public static final int TRY_TABLE = 0x1F;
    public static final int LOCAL_GET = 0x20;
    public static final int LOCAL_SET = 0x21;
    public static final int LOCAL_TEE = 0x22;
    public static final int GLOBAL_GET = 0x23;
    public static final int GLOBAL_SET = 0x24;
    public static final int TABLE_GET = 0x25;
    public static final int TABLE_SET = 0x26;
    public static final int MEMORY_SIZE = 0x3F;
    public static final int MEMORY_GROW = 0x40;
    public static final int I32_CONST = 0x41;
    public static final int I64_CONST = 0x42;
    public static final int F32_CONST = 0x43;
    public static final int F64_CONST = 0x44;
    public static final int I64_LT_S = 0x53;
    public static final int I64_SUB = 0x7D;
    public static final int I64_SHR_U = 0x88;
    public static final int I32_WRAP_I64 = 0xA7;
    public static final int I64_EXTEND_I32_U = 0xAD;
    public static final int REF_NULL = 0xD0;
    public static final int REF_FUNC = 0xD2;
    public static final int BR_ON_NULL = 0xD5;
    public static final int BR_ON_NON_NULL = 0xD6;

    public static final int PREFIX_GC = 0xFB;
    public static final int PREFIX_MISC = 0xFC;
    public static final int PREFIX_SIMD = 0xFD;
    public static final int PREFIX_THREADS = 0xFE;

    public static final int ARRAY_NEW = prefixed(PREFIX_GC, 0x06);
    public static final int ARRAY_NEW_DEFAULT = prefixed(PREFIX_GC, 0x07);
    public static final int ARRAY_NEW_DATA = prefixed(PREFIX_GC, 0x09);
    public static final int ARRAY_NEW_ELEM = prefixed(PREFIX_GC, 0x0A);
    public static final int ARRAY_FILL = prefixed(PREFIX_GC, 0x10);
    public static final int ARRAY_COPY = prefixed(PREFIX_GC, 0x11);
    public static final int ARRAY_INIT_DATA = prefixed(PREFIX_GC, 0x12);
    public static final int ARRAY_INIT_ELEM = prefixed(PREFIX_GC, 0x13);
    public static final int BR_ON_CAST = prefixed(PREFIX_GC, 0x18);
    public static final int BR_ON_CAST_FAIL = prefixed(PREFIX_GC, 0x19);

    public static final int MEMORY_INIT = prefixed(PREFIX_MISC, 0x08);
    public static final int MEMORY_COPY = prefixed(PREFIX_MISC, 0x0A);
    public static final int MEMORY_FILL = prefixed(PREFIX_MISC, 0x0B);
    public static final int TABLE_INIT = prefixed(PREFIX_MISC, 0x0C);
    public static final int TABLE_COPY = prefixed(PREFIX_MISC, 0x0E);
    public static final int TABLE_GROW = prefixed(PREFIX_MISC, 0x0F);
    public static final int TABLE_FILL = prefixed(PREFIX_MISC, 0x11);

    private Opcodes() {
    }

    /** The combined number of a prefixed opcode. */
    public static int prefixed(int prefix, int subOpcode) {
        return prefix << 16 | subOpcode;
    }

    /** Whether {@code opcode} is one of the four prefixes. */
    public static boolean isPrefix(int opcode) {
        return opcode == PREFIX_GC || opcode == PREFIX_MISC || opcode == PREFIX_SIMD || opcode == PREFIX_THREADS;
    }

    /** A readable name for messages: {@code 0x0b} or {@code 0xfc 0x0a}. */
    public static String describe(int opcode) {
        if (opcode > 0xFF) {
            return String.format("0x%02x 0x%02x", opcode >>> 16, opcode & 0xFFFF);
        }
        return String.format("0x%02x", opcode);
    }
}
