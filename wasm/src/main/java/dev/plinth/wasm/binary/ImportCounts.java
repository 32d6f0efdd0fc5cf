package dev.plinth.wasm.binary;

/**
 * How many functions, tables, memories, globals and tags a module imports. Imports come first in
 * each index space, so these are also the indices of the first defined ones.
 */
public record ImportCounts(int functions, int tables, int memories, int globals, int tags) {
    private static final int LIMITS_HAS_MAX = 0x01;
    private static final int LIMITS_SHARED = 0x02;

    /** Reads an import section payload. */
    public static ImportCounts read(Section importSection) {
        ByteReader in = importSection.reader();
        int count = in.index();
        int functions = 0;
        int tables = 0;
        int memories = 0;
        int globals = 0;
        int tags = 0;
        for (int i = 0; i < count; i++) {
            in.name();
            in.name();
            int at = in.position();
            int kind = in.u8();
            switch (kind) {
                case ExternalKind.FUNCTION -> {
                    in.u32();
                    functions++;
                }
                case ExternalKind.TABLE -> {
                    InstructionReader.valueType(in);
                    limits(in);
                    tables++;
                }
                case ExternalKind.MEMORY -> {
                    limits(in);
                    memories++;
                }
                case ExternalKind.GLOBAL -> {
                    InstructionReader.valueType(in);
                    in.u8();
                    globals++;
                }
                case ExternalKind.TAG -> {
                    in.u8();
                    in.u32();
                    tags++;
                }
                default -> throw new MalformedWasmException("unknown import kind " + kind + " at offset " + at
                        + " of the import section");
            }
        }
        if (!in.atEnd()) {
            throw new MalformedWasmException("import section has " + in.remaining() + " bytes after its entries");
        }
        return new ImportCounts(functions, tables, memories, globals, tags);
    }

    /** No imports. */
    public static ImportCounts none() {
        return new ImportCounts(0, 0, 0, 0, 0);
    }

    /** Skips a table's or memory's limits, refusing the flags Chicory does not run. */
    static void limits(ByteReader in) {
        int at = in.position();
        int flags = in.u8();
        if ((flags & ~(LIMITS_HAS_MAX | LIMITS_SHARED)) != 0) {
            throw new MalformedWasmException("unsupported limits flags 0x" + Integer.toHexString(flags)
                    + " at offset " + at + " (64-bit or custom-page-size memories and tables)");
        }
        in.u32();
        if ((flags & LIMITS_HAS_MAX) != 0) {
            in.u32();
        }
    }
}
