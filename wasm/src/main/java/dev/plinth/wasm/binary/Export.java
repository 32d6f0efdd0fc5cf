package dev.plinth.wasm.binary;

import java.util.ArrayList;
import java.util.List;

/** One entry of an export section. */
public record Export(String name, int kind, long index) {

    /** The entries of an export section payload. */
    public static List<Export> list(Section exportSection) {
        ByteReader in = exportSection.reader();
        int count = in.index();
        List<Export> exports = new ArrayList<>(Math.min(count, in.remaining()));
        for (int i = 0; i < count; i++) {
            String name = in.name();
            int kind = in.u8();
            long index = in.u32();
            exports.add(new Export(name, kind, index));
        }
        if (!in.atEnd()) {
            throw new MalformedWasmException("export section has " + in.remaining() + " bytes after its entries");
        }
        return exports;
    }

    /** The encoding of an export entry. */
    public static byte[] encode(String name, int kind, int index) {
        return new ByteWriter(name.length() + 8).name(name).u8(kind).u32(index).toByteArray();
    }
}
