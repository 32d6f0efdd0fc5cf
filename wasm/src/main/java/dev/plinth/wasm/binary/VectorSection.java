package dev.plinth.wasm.binary;

import java.util.List;

/**
 * Edits sections whose payload is a vector of entries (count, then the entries): appending keeps
 * the existing entries byte for byte, so their indices do not change.
 */
public final class VectorSection {

    private VectorSection() {
    }

    /** The number of entries in a vector section. */
    public static int count(Section section) {
        return section.reader().index();
    }

    /**
     * Appends encoded entries to the section {@code id} of {@code sections}, creating the section
     * in its required place if the module has none.
     */
    public static void append(List<Section> sections, int id, List<byte[]> entries) {
        int at = ModuleSections.indexOf(sections, id);
        ByteWriter payload = new ByteWriter();
        if (at < 0) {
            payload.u32(entries.size());
            entries.forEach(payload::bytes);
            ModuleSections.insertInOrder(sections, new Section(id, payload.toByteArray()));
            return;
        }
        Section existing = sections.get(at);
        ByteReader in = existing.reader();
        long count = in.index();
        payload.u32(count + entries.size());
        payload.bytes(existing.payload(), in.position(), existing.payload().length);
        entries.forEach(payload::bytes);
        sections.set(at, new Section(id, payload.toByteArray()));
    }
}
