package dev.plinth.wasm.shape;

import dev.plinth.wasm.binary.ByteReader;
import dev.plinth.wasm.binary.ByteWriter;
import dev.plinth.wasm.binary.ModuleSections;
import dev.plinth.wasm.binary.Section;
import dev.plinth.wasm.binary.SectionId;
import dev.plinth.wasm.shape.ModuleShapeCheck.TableType;
import java.util.List;

/**
 * Gives every table of a module a maximum, so that {@code table.grow} cannot take the host's heap
 * past {@code table-elements}: the entries the tables may hold beyond their initial sizes are
 * shared equally among them, and a table whose own maximum is lower keeps it. A grow past the new
 * maximum fails as the specification lets any grow fail (it returns -1), and the module never
 * learns more than that. The rewrite touches only the limits in the table section; every other
 * byte, and so every index and offset, stays as it was.
 */
public final class TableMaxima {
    private static final long MAX_U32 = 0xFFFF_FFFFL;

    private TableMaxima() {
    }

    /**
     * {@code wasm} with its tables' maxima clamped so that all of them together hold at most
     * {@code maxTableElements}; the same array when no maximum needs to change.
     *
     * @throws IllegalArgumentException if the tables start with more than {@code maxTableElements},
     *     which {@link ModuleShapeCheck} refuses first
     */
    public static byte[] clamp(byte[] wasm, long maxTableElements) {
        List<Section> sections = ModuleSections.split(wasm);
        int at = ModuleSections.indexOf(sections, SectionId.TABLE);
        if (at < 0) {
            return wasm;
        }
        Section tables = sections.get(at);
        ByteReader in = tables.reader();
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
        boolean changed = false;
        ByteWriter out = new ByteWriter(tables.payload().length + count * 5);
        out.u32(count);
        int copied = entriesStart;
        for (TableType type : types) {
            long allowed = Math.min(MAX_U32, type.min() + share);
            long max = type.max() < 0 ? allowed : Math.min(type.max(), allowed);
            if (max == type.max()) {
                continue;
            }
            changed = true;
            out.bytes(tables.payload(), copied, type.limitsAt());
            out.u8(0x01).u32(type.min()).u32(max);
            copied = type.limitsEnd();
        }
        if (!changed) {
            return wasm;
        }
        out.bytes(tables.payload(), copied, tables.payload().length);
        sections.set(at, new Section(SectionId.TABLE, out.toByteArray()));
        return ModuleSections.assemble(sections);
    }
}
