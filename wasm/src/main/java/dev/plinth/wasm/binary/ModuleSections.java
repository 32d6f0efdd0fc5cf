package dev.plinth.wasm.binary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a WebAssembly binary into its sections and assembles sections back into a binary. The
 * split checks the header, the section sizes and that known sections appear at most once and in
 * the required order; it does not look inside the sections.
 */
public final class ModuleSections {
    private static final byte[] HEADER = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};

    private ModuleSections() {
    }

    /** The sections of {@code module}, in file order. */
    public static List<Section> split(byte[] module) {
        if (module.length < HEADER.length || !Arrays.equals(module, 0, HEADER.length, HEADER, 0, HEADER.length)) {
            throw new MalformedWasmException("not a WebAssembly module: the first 8 bytes are not \\0asm version 1");
        }
        ByteReader reader = new ByteReader(module, HEADER.length, module.length);
        List<Section> sections = new ArrayList<>();
        int lastRank = -1;
        while (!reader.atEnd()) {
            int offset = reader.position();
            int id = reader.u8();
            int size = reader.index();
            if (id != SectionId.CUSTOM) {
                int rank = SectionId.rank(id);
                if (rank < 0) {
                    throw new MalformedWasmException("unknown section id " + id + " at offset " + offset);
                }
                if (rank <= lastRank) {
                    throw new MalformedWasmException("section id " + id + " at offset " + offset
                            + " is out of order or repeated");
                }
                lastRank = rank;
            }
            int start = reader.position();
            reader.skip(size);
            Section section = new Section(id, Arrays.copyOfRange(module, start, start + size));
            if (id == SectionId.CUSTOM) {
                section.customName(); // a custom section must at least hold its name
            }
            sections.add(section);
        }
        return sections;
    }

    /** The binary made of a header and {@code sections}, in the given order. */
    public static byte[] assemble(List<Section> sections) {
        int estimate = HEADER.length;
        for (Section section : sections) {
            estimate += section.payload().length + 6;
        }
        ByteWriter out = new ByteWriter(estimate);
        out.bytes(HEADER);
        for (Section section : sections) {
            out.u8(section.id()).u32(section.payload().length).bytes(section.payload());
        }
        return out.toByteArray();
    }

    /**
     * Inserts a known section where the required order puts it: after the last known section that
     * must precede it (custom sections stay where they are).
     */
    public static void insertInOrder(List<Section> sections, Section section) {
        int rank = SectionId.rank(section.id());
        if (rank < 0) {
            throw new IllegalArgumentException("not a known section: " + section.id());
        }
        int insertAt = 0;
        for (int i = 0; i < sections.size(); i++) {
            int other = SectionId.rank(sections.get(i).id());
            if (other == rank) {
                throw new IllegalArgumentException("the module already has section " + section.id());
            }
            if (other >= 0 && other < rank) {
                insertAt = i + 1;
            }
        }
        sections.add(insertAt, section);
    }

    /** The index of the known section with {@code id} in {@code sections}, or -1. */
    public static int indexOf(List<Section> sections, int id) {
        for (int i = 0; i < sections.size(); i++) {
            if (sections.get(i).id() == id) {
                return i;
            }
        }
        return -1;
    }
}
