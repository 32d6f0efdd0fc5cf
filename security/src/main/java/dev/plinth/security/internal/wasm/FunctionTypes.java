package dev.plinth.security.internal.wasm;

/**
 * The parameter count of every defined function, read from the type and function sections: what
 * it takes to know the index of a local appended to a function body (parameters come first in
 * the local index space). Understands GC type sections (recursive groups, sub-types, struct and
 * array types), whose entries are not function types.
 */
public final class FunctionTypes {
    private static final int FUNC = 0x60;
    private static final int STRUCT = 0x5F;
    private static final int ARRAY = 0x5E;
    private static final int REC_GROUP = 0x4E;
    private static final int SUB = 0x50;
    private static final int SUB_FINAL = 0x4F;
    private static final int PACKED_I8 = 0x78;
    private static final int PACKED_I16 = 0x77;

    private final int[] parameterCounts;
    private final int[] typeOfFunction;

    private FunctionTypes(int[] parameterCounts, int[] typeOfFunction) {
        this.parameterCounts = parameterCounts;
        this.typeOfFunction = typeOfFunction;
    }

    /** Reads the sections; either may be null when the module has none. */
    public static FunctionTypes read(Section typeSection, Section functionSection) {
        int[] parameterCounts = typeSection == null ? new int[0] : parameterCounts(typeSection);
        int[] typeOfFunction = new int[0];
        if (functionSection != null) {
            ByteReader in = functionSection.reader();
            int count = in.index();
            typeOfFunction = new int[Math.min(count, in.remaining())];
            for (int i = 0; i < count; i++) {
                if (i == typeOfFunction.length) {
                    throw new MalformedWasmException("function section is shorter than its count " + count);
                }
                typeOfFunction[i] = in.index();
            }
        }
        return new FunctionTypes(parameterCounts, typeOfFunction);
    }

    /** How many parameters the {@code definedFunction}-th function with a body has. */
    public int parameterCount(int definedFunction) {
        if (definedFunction >= typeOfFunction.length) {
            throw new MalformedWasmException("function body " + definedFunction + " has no entry in the function"
                    + " section (" + typeOfFunction.length + " entries)");
        }
        int type = typeOfFunction[definedFunction];
        if (type >= parameterCounts.length || parameterCounts[type] < 0) {
            throw new MalformedWasmException("function " + definedFunction + " has type " + type
                    + ", which is not a function type");
        }
        return parameterCounts[type];
    }

    private static int[] parameterCounts(Section typeSection) {
        ByteReader in = typeSection.reader();
        int groups = in.index();
        IntList counts = new IntList();
        for (int g = 0; g < groups; g++) {
            int form = in.u8();
            if (form == REC_GROUP) {
                int members = in.index();
                for (int m = 0; m < members; m++) {
                    counts.add(subType(in, in.u8()));
                }
            } else {
                counts.add(subType(in, form));
            }
        }
        if (!in.atEnd()) {
            throw new MalformedWasmException("type section has " + in.remaining() + " bytes after its entries");
        }
        return counts.toArray();
    }

    /** The parameter count of a function type, or -1 for a struct or array type. */
    private static int subType(ByteReader in, int form) {
        int composite = form;
        if (form == SUB || form == SUB_FINAL) {
            int supertypes = in.index();
            for (int i = 0; i < supertypes; i++) {
                in.u32();
            }
            composite = in.u8();
        }
        switch (composite) {
            case FUNC -> {
                int parameters = valueTypes(in);
                valueTypes(in);
                return parameters;
            }
            case STRUCT -> {
                int fields = in.index();
                for (int i = 0; i < fields; i++) {
                    fieldType(in);
                }
                return -1;
            }
            case ARRAY -> {
                fieldType(in);
                return -1;
            }
            default -> throw new MalformedWasmException("unknown type form 0x" + Integer.toHexString(composite)
                    + " at offset " + (in.position() - 1) + " of the type section");
        }
    }

    private static int valueTypes(ByteReader in) {
        int count = in.index();
        for (int i = 0; i < count; i++) {
            InstructionReader.valueType(in);
        }
        return count;
    }

    private static void fieldType(ByteReader in) {
        int storage = in.peekU8();
        if (storage == PACKED_I8 || storage == PACKED_I16) {
            in.u8();
        } else {
            InstructionReader.valueType(in);
        }
        in.u8(); // mutability
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] values = new int[16];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
