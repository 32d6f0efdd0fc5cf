package dev.plinth.wasm.shape;

import dev.plinth.wasm.binary.ByteReader;
import dev.plinth.wasm.binary.ByteWriter;
import dev.plinth.wasm.binary.MalformedWasmException;
import dev.plinth.wasm.binary.SectionId;
import dev.plinth.wasm.shape.ModuleShapeCheck.TableType;

/**
 * Gives every table of a module a maximum, so that {@code table.grow} cannot take the host's heap
 * past {@code table-elements}: the entries the tables may hold beyond their initial sizes are
 * shared equally among them, and a table whose own maximum is lower keeps it. A grow past the new
 * maximum fails as the specification lets any grow fail (it returns -1), and the module never
 * learns more than that. The rewrite touches only the limits in the table section; every other
 * byte, and so every index and offset, stays as it was. A module that needs no change is
 * returned as it is, found by reading the section headers in place (nothing is copied).
 */
public final class TableMaxima {
    private static final long MAX_U32 = 0xFFFF_FFFFL;
    private static final int HEADER = 8;

    private TableMaxima() {
    }

    /**
     * {@code wasm} with its tables' maxima clamped so that all of them together hold at most
     * {@code maxTableElements}; the same array when no maximum needs to change.
     *
     * @throws IllegalArgumentException if the tables start with more than {@code maxTableElements},
     *     which {@link ModuleShapeCheck} refuses first
     * @throws MalformedWasmException if the section headers or the table section are malformed,
     *     which {@link ModuleShapeCheck} refuses first
     */
    public static byte[] clamp(byte[] wasm, long maxTableElements) {
        ByteReader in = new ByteReader(wasm, Math.min(HEADER, wasm.length), wasm.length);
        while (!in.atEnd()) {
            int sectionStart = in.position();
            int id = in.u8();
            int size = in.index();
            int payloadStart = in.position();
            in.skip(size);
            if (id == SectionId.TABLE) {
                return clampTables(wasm, sectionStart, new ByteReader(wasm, payloadStart, payloadStart + size),
                        maxTableElements);
            }
        }
        return wasm;
    }

    private static byte[] clampTables(byte[] wasm, int sectionStart, ByteReader in, long maxTableElements) {
        int payloadEnd = in.end();
        int count = in.index();
        int entriesStart = in.position();
        TableType[] types = new TableType[count];
        long initial = 0;
        for (int i = 0; i < count; i++) {
            types[i] = TableType.read(in);
            initial += types[i].min();
            if (types[i].initializerAt() >= 0) {
                ModuleShapeCheck.skipExpression(in);
            }
        }
        if (initial > maxTableElements) {
            throw new IllegalArgumentException("tables start with " + initial + " entries, more than "
                    + maxTableElements);
        }
        long share = count == 0 ? 0 : (maxTableElements - initial) / count;
        ByteWriter payload = new ByteWriter(payloadEnd - entriesStart + 8 + count * 5);
        payload.u32(count);
        int copied = entriesStart;
        for (TableType type : types) {
            long allowed = Math.min(MAX_U32, type.min() + share);
            long max = type.max() < 0 ? allowed : Math.min(type.max(), allowed);
            if (max == type.max()) {
                continue;
            }
            payload.bytes(wasm, copied, type.limitsAt());
            payload.u8(0x01).u32(type.min()).u32(max);
            copied = type.limitsEnd();
        }
        if (copied == entriesStart) {
            return wasm;
        }
        payload.bytes(wasm, copied, payloadEnd);
        byte[] tables = payload.toByteArray();
        ByteWriter out = new ByteWriter(wasm.length + tables.length - (payloadEnd - sectionStart) + 6);
        out.bytes(wasm, 0, sectionStart);
        out.u8(SectionId.TABLE).u32(tables.length).bytes(tables);
        out.bytes(wasm, payloadEnd, wasm.length);
        return out.toByteArray();
    }
}
