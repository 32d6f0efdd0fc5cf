package dev.plinth.wasm.binary;

/**
 * The parameter count of every defined function, read from the type and function sections: what
 * it takes to know the index of a local appended to a function body (parameters come first in
 * the local index space). Understands GC type sections (recursive groups, sub-types, struct and
 * array types), whose entries are not function types. Can also encode a function's type with one
 * more parameter, for a type to append to the type section.
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

    private final byte[] typeSection;
    private final int[] parameterCounts;
    /** Per type index: where a function type's parameter vector starts in the type section, or -1. */
    private final int[] parametersAt;
    /** Per type index: where a function type's result vector starts. */
    private final int[] resultsAt;
    /** Per type index: where a function type's result vector ends. */
    private final int[] endsAt;
    private final int[] typeOfFunction;

    private FunctionTypes(byte[] typeSection, int[][] layout, int[] typeOfFunction) {
        this.typeSection = typeSection;
        this.parameterCounts = layout[0];
        this.parametersAt = layout[1];
        this.resultsAt = layout[2];
        this.endsAt = layout[3];
        this.typeOfFunction = typeOfFunction;
    }

    /** Reads the sections; either may be null when the module has none. */
    public static FunctionTypes read(Section typeSection, Section functionSection) {
        int[][] layout = typeSection == null ? new int[4][0] : layout(typeSection);
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
        return new FunctionTypes(typeSection == null ? new byte[0] : typeSection.payload(), layout,
                typeOfFunction);
    }

    /** How many entries the type section defines: the index the next appended type gets. */
    public int typeCount() {
        return parameterCounts.length;
    }

    /** The type index of the {@code definedFunction}-th function with a body. */
    public int typeOf(int definedFunction) {
        parameterCount(definedFunction); // checks that it is a function type
        return typeOfFunction[definedFunction];
    }

    /**
     * A type section entry for the function type {@code type} with one more parameter of value
     * type {@code extra} after its own: {@code 0x60 params+extra results}. Supertypes and
     * recursive groups are not carried over; the new type is only for direct calls.
     */
    public byte[] withParameterAppended(int type, int extra) {
        int start = parametersAt[type];
        ByteReader params = new ByteReader(typeSection, start, resultsAt[type]);
        long count = params.u32();
        return new ByteWriter(endsAt[type] - start + 8)
                .u8(FUNC)
                .u32(count + 1)
                .bytes(typeSection, params.position(), resultsAt[type])
                .u8(extra)
                .bytes(typeSection, resultsAt[type], endsAt[type])
                .toByteArray();
    }

    /**
     * The encoding of function type {@code type} after its form byte (its parameter vector, then
     * its result vector), to compare a type with an expected one; {@code null} when {@code type} is
     * not a function type of this section.
     */
    public byte[] signature(int type) {
        if (type < 0 || type >= parameterCounts.length || parameterCounts[type] < 0) {
            return null;
        }
        return java.util.Arrays.copyOfRange(typeSection, parametersAt[type], endsAt[type]);
    }

    /**
     * A type section entry for the function type {@code type}, which has no results, with one more
     * parameter of value type {@code extra} after its own and {@code extra} as its only result.
     * Like {@link #withParameterAppended}, only for direct calls.
     */
    public byte[] withParameterAndResultAppended(int type, int extra) {
        if (resultCount(type) != 0) {
            throw new IllegalArgumentException("type " + type + " has results");
        }
        byte[] withParameter = withParameterAppended(type, extra);
        byte[] entry = java.util.Arrays.copyOf(withParameter, withParameter.length + 1);
        entry[withParameter.length - 1] = 1; // the result vector: one value,
        entry[withParameter.length] = (byte) extra; // of the extra type
        return entry;
    }

    /** How many results the {@code definedFunction}-th function with a body returns. */
    public int resultCountOf(int definedFunction) {
        parameterCount(definedFunction); // checks that it is a function type
        return resultCount(typeOfFunction[definedFunction]);
    }

    private int resultCount(int type) {
        return (int) new ByteReader(typeSection, resultsAt[type], endsAt[type]).u32();
    }

    /**
     * The first byte of each parameter's value type of the {@code definedFunction}-th function
     * with a body ({@code 0x7f} i32 ... {@code 0x7b} v128; a reference type's prefix).
     */
    public int[] parameterTypes(int definedFunction) {
        int count = parameterCount(definedFunction);
        ByteReader params = new ByteReader(typeSection, parametersAt[typeOfFunction[definedFunction]],
                resultsAt[typeOfFunction[definedFunction]]);
        params.u32();
        int[] types = new int[count];
        for (int i = 0; i < count; i++) {
            types[i] = params.peekU8();
            InstructionReader.valueType(params);
        }
        return types;
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

    /** Parameter counts and the three offsets of every type, indexed by type: see the fields. */
    private static int[][] layout(Section typeSection) {
        ByteReader in = typeSection.reader();
        int groups = in.index();
        Layout layout = new Layout();
        for (int g = 0; g < groups; g++) {
            int form = in.u8();
            if (form == REC_GROUP) {
                int members = in.index();
                for (int m = 0; m < members; m++) {
                    subType(in, in.u8(), layout);
                }
            } else {
                subType(in, form, layout);
            }
        }
        if (!in.atEnd()) {
            throw new MalformedWasmException("type section has " + in.remaining() + " bytes after its entries");
        }
        return new int[][] {layout.counts.toArray(), layout.parameters.toArray(), layout.results.toArray(),
                layout.ends.toArray()};
    }

    /** Reads one type into the layout; a struct or array type gets parameter count -1 and no offsets. */
    private static void subType(ByteReader in, int form, Layout layout) {
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
                int parameters = in.position();
                int count = valueTypes(in);
                int results = in.position();
                valueTypes(in);
                layout.add(count, parameters, results, in.position());
            }
            case STRUCT -> {
                int fields = in.index();
                for (int i = 0; i < fields; i++) {
                    fieldType(in);
                }
                layout.add(-1, -1, -1, -1);
            }
            case ARRAY -> {
                fieldType(in);
                layout.add(-1, -1, -1, -1);
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

    /** What {@link #layout} collects, one entry per type. */
    private static final class Layout {
        final IntList counts = new IntList();
        final IntList parameters = new IntList();
        final IntList results = new IntList();
        final IntList ends = new IntList();

        void add(int count, int parametersAt, int resultsAt, int endsAt) {
            counts.add(count);
            parameters.add(parametersAt);
            results.add(resultsAt);
            ends.add(endsAt);
        }
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
