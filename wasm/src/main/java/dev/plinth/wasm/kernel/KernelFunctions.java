package dev.plinth.wasm.kernel;

import dev.plinth.wasm.binary.ByteWriter;
import java.util.List;

/**
 * The bodies of the kernel functions the inliner adds, over the kernel memory: each keeps the
 * semantics of the host's {@code ExtismMemory}/{@code KernelRoot} exactly. With {@code d = offset -
 * base} (wrapping, so an offset below {@code base} or a negative one is a huge unsigned {@code d}),
 * a byte is in use when {@code d <u used}, a word when also {@code used - d >=u 8}; a load outside
 * reads 0, a store outside is dropped. An input load is in the input when {@code i <u length} (a
 * word: {@code length >=u 8 && i <=u length - 8}) and then loads {@code input_offset + i} under the
 * same check as any load.
 */
final class KernelFunctions {
    /** The functions, in the order they are appended: index {@code first + ordinal()}. */
    enum Function {
        LOAD_U8("load_u8", Type.I64_TO_I32),
        LOAD_U64("load_u64", Type.I64_TO_I64),
        STORE_U8("store_u8", Type.I64_I32_TO_NONE),
        STORE_U64("store_u64", Type.I64_I64_TO_NONE),
        INPUT_LOAD_U8("input_load_u8", Type.I64_TO_I32),
        INPUT_LOAD_U64("input_load_u64", Type.I64_TO_I64),
        INPUT_LENGTH("input_length", Type.NONE_TO_I64),
        INPUT_OFFSET("input_offset", Type.NONE_TO_I64);

        final String importName;
        final Type type;

        Function(String importName, Type type) {
            this.importName = importName;
            this.type = type;
        }
    }

    /** The function types the added functions use, appended to the type section in this order. */
    enum Type {
        I64_TO_I32(new byte[] {1, I64, 1, I32}),
        I64_TO_I64(new byte[] {1, I64, 1, I64}),
        I64_I32_TO_NONE(new byte[] {2, I64, I32, 0}),
        I64_I64_TO_NONE(new byte[] {2, I64, I64, 0}),
        NONE_TO_I64(new byte[] {0, 1, I64});

        /** The type's encoding after its form byte, as {@code FunctionTypes.signature} gives it. */
        final byte[] signature;

        Type(byte[] signature) {
            this.signature = signature;
        }

        byte[] entry() {
            return new ByteWriter(signature.length + 1).u8(FUNC).bytes(signature).toByteArray();
        }
    }

    private static final int FUNC = 0x60;
    private static final byte I32 = 0x7F;
    private static final byte I64 = 0x7E;
    private static final int BLOCK_I32 = 0x7F;
    private static final int BLOCK_I64 = 0x7E;
    private static final int BLOCK_EMPTY = 0x40;
    private static final int IF = 0x04;
    private static final int ELSE = 0x05;
    private static final int END = 0x0B;
    private static final int CALL = 0x10;
    private static final int LOCAL_GET = 0x20;
    private static final int LOCAL_SET = 0x21;
    private static final int LOCAL_TEE = 0x22;
    private static final int I32_LOAD8_U = 0x2D;
    private static final int I64_LOAD = 0x29;
    private static final int I32_STORE8 = 0x3A;
    private static final int I64_STORE = 0x37;
    private static final int I32_CONST = 0x41;
    private static final int I64_CONST = 0x42;
    private static final int I64_LT_U = 0x54;
    private static final int I64_LE_U = 0x58;
    private static final int I64_GE_U = 0x5A;
    private static final int I32_AND = 0x71;
    private static final int I64_ADD = 0x7C;
    private static final int I64_SUB = 0x7D;
    private static final int I32_WRAP_I64 = 0xA7;
    private static final int MEMARG_HAS_MEMORY_INDEX = 0x40;

    private final KernelLayout layout;
    private final int memory;
    private final int first;

    /**
     * @param memory the kernel memory's index
     * @param first the function index the first added function takes
     */
    KernelFunctions(KernelLayout layout, int memory, int first) {
        this.layout = layout;
        this.memory = memory;
        this.first = first;
    }

    int index(Function function) {
        return first + function.ordinal();
    }

    /** The bodies of all the functions, in {@link Function} order, each with its size prefix. */
    List<byte[]> bodies() {
        return List.of(load(1), load(8), store(1), store(8), inputLoad(1), inputLoad(8),
                header(layout.inputLengthAt()), header(layout.inputOffsetAt()));
    }

    /** {@code load_u8}/{@code load_u64}: param 0 the offset; local 1 {@code used}. */
    private byte[] load(int width) {
        ByteWriter body = locals(1);
        inUse(body, width, 1);
        body.u8(IF).u8(width == 1 ? BLOCK_I32 : BLOCK_I64);
        body.u8(LOCAL_GET).u32(0).u8(I32_WRAP_I64);
        access(body, width == 1 ? I32_LOAD8_U : I64_LOAD, layout.firstBlockAddress());
        body.u8(ELSE).u8(width == 1 ? I32_CONST : I64_CONST).u8(0).u8(END);
        return finish(body);
    }

    /** {@code store_u8}/{@code store_u64}: param 0 the offset, param 1 the value; local 2 {@code used}. */
    private byte[] store(int width) {
        ByteWriter body = locals(1);
        inUse(body, width, 2);
        body.u8(IF).u8(BLOCK_EMPTY);
        body.u8(LOCAL_GET).u32(0).u8(I32_WRAP_I64).u8(LOCAL_GET).u32(1);
        access(body, width == 1 ? I32_STORE8 : I64_STORE, layout.firstBlockAddress());
        body.u8(END);
        return finish(body);
    }

    /**
     * Leaves whether {@code width} bytes at the offset in param 0 are in use, and turns param 0 into
     * {@code d = offset - base}; {@code used} is kept in local {@code usedLocal}.
     */
    private void inUse(ByteWriter body, int width, int usedLocal) {
        body.u8(LOCAL_GET).u32(0).u8(I64_CONST).s64(layout.base()).u8(I64_SUB).u8(LOCAL_SET).u32(0);
        header(body, layout.usedAt());
        body.u8(LOCAL_SET).u32(usedLocal);
        body.u8(LOCAL_GET).u32(0).u8(LOCAL_GET).u32(usedLocal).u8(I64_LT_U);
        if (width > 1) {
            body.u8(LOCAL_GET).u32(usedLocal).u8(LOCAL_GET).u32(0).u8(I64_SUB).u8(I64_CONST).s64(width).u8(I64_GE_U);
            body.u8(I32_AND);
        }
    }

    /** {@code input_load_u8}/{@code input_load_u64}: param 0 the offset in the input; local 1 its length. */
    private byte[] inputLoad(int width) {
        ByteWriter body = locals(1);
        header(body, layout.inputLengthAt());
        if (width == 1) {
            body.u8(LOCAL_SET).u32(1);
            body.u8(LOCAL_GET).u32(0).u8(LOCAL_GET).u32(1).u8(I64_LT_U);
        } else {
            body.u8(LOCAL_TEE).u32(1).u8(I64_CONST).s64(width).u8(I64_GE_U);
            body.u8(LOCAL_GET).u32(0).u8(LOCAL_GET).u32(1).u8(I64_CONST).s64(width).u8(I64_SUB).u8(I64_LE_U);
            body.u8(I32_AND);
        }
        body.u8(IF).u8(width == 1 ? BLOCK_I32 : BLOCK_I64);
        header(body, layout.inputOffsetAt());
        body.u8(LOCAL_GET).u32(0).u8(I64_ADD);
        body.u8(CALL).u32(index(width == 1 ? Function.LOAD_U8 : Function.LOAD_U64));
        body.u8(ELSE).u8(width == 1 ? I32_CONST : I64_CONST).u8(0).u8(END);
        return finish(body);
    }

    /** {@code input_length}/{@code input_offset}: the header field at {@code at}. */
    private byte[] header(int at) {
        ByteWriter body = new ByteWriter(16).u32(0);
        header(body, at);
        return finish(body);
    }

    private void header(ByteWriter body, int at) {
        body.u8(I32_CONST).u8(0);
        access(body, I64_LOAD, at);
    }

    /** A load or store of the kernel memory at the i32 address on the stack plus {@code offset}. */
    private void access(ByteWriter body, int opcode, int offset) {
        body.u8(opcode).u32(MEMARG_HAS_MEMORY_INDEX).u32(memory).u32(offset);
    }

    /** A body that declares {@code count} i64 locals after its parameters. */
    private static ByteWriter locals(int count) {
        return new ByteWriter(96).u32(1).u32(count).u8(I64);
    }

    private static byte[] finish(ByteWriter body) {
        body.u8(END);
        byte[] bytes = body.toByteArray();
        return new ByteWriter(bytes.length + 5).u32(bytes.length).bytes(bytes).toByteArray();
    }
}
