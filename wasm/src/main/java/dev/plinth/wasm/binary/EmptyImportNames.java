package dev.plinth.wasm.binary;

/**
 * Renames the empty field names of a core module's imports. wit-component (jco new) writes such imports: the
 * module that runs a reactor's {@code _initialize} at instantiation imports it as {@code "" ""}, which Chicory
 * 1.7.5 does not parse ({@code malformed import kind}). An import's names only say where the linker takes the
 * item from, so renaming them keeps the module's meaning when the linker renames them back
 * ({@link #PLACEHOLDER} stands for the empty name).
 */
public final class EmptyImportNames {
    /** The name an empty field name of an import becomes: a NUL, which no toolchain writes. */
    public static final String PLACEHOLDER = "\u0000";

    private EmptyImportNames() {
    }

    /**
     * {@code wasm} with every empty import field name replaced by {@link #PLACEHOLDER}; the same array when it has
     * none.
     *
     * @throws MalformedWasmException if the section headers or the import section are malformed
     * @throws IllegalArgumentException if the module already imports a field named {@link #PLACEHOLDER}
     */
    public static byte[] rename(byte[] wasm) {
        ByteReader in = new ByteReader(wasm, Math.min(8, wasm.length), wasm.length);
        while (!in.atEnd()) {
            int sectionStart = in.position();
            int id = in.u8();
            int size = in.index();
            int payloadStart = in.position();
            in.skip(size);
            if (id == SectionId.IMPORT) {
                return renameIn(wasm, sectionStart, new ByteReader(wasm, payloadStart, payloadStart + size));
            }
        }
        return wasm;
    }

    private static byte[] renameIn(byte[] wasm, int sectionStart, ByteReader in) {
        int payloadEnd = in.end();
        int count = in.index();
        ByteWriter payload = new ByteWriter(payloadEnd - in.position() + 16);
        payload.u32(count);
        int copied = in.position();
        boolean renamed = false;
        for (int i = 0; i < count; i++) {
            in.name();
            int fieldAt = in.position();
            String field = in.name();
            if (field.equals(PLACEHOLDER)) {
                throw new IllegalArgumentException("the module imports a field named NUL, which stands for the"
                        + " empty name here");
            }
            if (field.isEmpty()) {
                payload.bytes(wasm, copied, fieldAt);
                payload.name(PLACEHOLDER);
                copied = in.position();
                renamed = true;
            }
            skipDescription(in);
        }
        if (!renamed) {
            return wasm;
        }
        payload.bytes(wasm, copied, payloadEnd);
        byte[] imports = payload.toByteArray();
        ByteWriter out = new ByteWriter(wasm.length + imports.length - (payloadEnd - sectionStart) + 6);
        out.bytes(wasm, 0, sectionStart);
        out.u8(SectionId.IMPORT).u32(imports.length).bytes(imports);
        out.bytes(wasm, payloadEnd, wasm.length);
        return out.toByteArray();
    }

    private static void skipDescription(ByteReader in) {
        int at = in.position();
        int kind = in.u8();
        switch (kind) {
            case ExternalKind.FUNCTION -> in.u32();
            case ExternalKind.TABLE -> {
                InstructionReader.valueType(in);
                ImportCounts.limits(in);
            }
            case ExternalKind.MEMORY -> ImportCounts.limits(in);
            case ExternalKind.GLOBAL -> {
                InstructionReader.valueType(in);
                in.u8();
            }
            case ExternalKind.TAG -> {
                in.u8();
                in.u32();
            }
            default -> throw new MalformedWasmException("unknown import kind " + kind + " at offset " + at
                    + " of the import section");
        }
    }
}
