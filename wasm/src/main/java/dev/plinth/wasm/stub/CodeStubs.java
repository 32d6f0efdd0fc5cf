package dev.plinth.wasm.stub;

import dev.plinth.wasm.binary.ByteReader;
import dev.plinth.wasm.binary.ByteWriter;
import dev.plinth.wasm.binary.MalformedWasmException;
import dev.plinth.wasm.binary.ModuleSections;
import dev.plinth.wasm.binary.Section;
import dev.plinth.wasm.binary.SectionId;
import java.util.ArrayList;
import java.util.List;

/**
 * A module with the code taken out: every function body becomes {@code unreachable}, and every
 * other section (types, imports, exports, memory, tables, globals, elements, data, names) stays
 * byte for byte. An engine that already holds the module's compiled code (a compile cache hit)
 * needs its declarations but not its instructions, and parsing 2 MB of instructions in a fresh
 * JVM costs far more than the rest of the load; the stubbed module parses in a few milliseconds.
 * It must never be run by an interpreter.
 */
public final class CodeStubs {
    /** A body: no locals, {@code unreachable}, {@code end}. */
    private static final byte[] STUB_BODY = {0x03, 0x00, 0x00, 0x0B};

    private CodeStubs() {
    }

    /**
     * {@code module} with every function body replaced by {@code unreachable}; a module without
     * code is returned as it is.
     *
     * @throws MalformedWasmException when the sections or the code section's count cannot be read
     */
    public static byte[] of(byte[] module) {
        List<Section> sections = ModuleSections.split(module);
        List<Section> stubbed = new ArrayList<>(sections.size());
        boolean changed = false;
        for (Section section : sections) {
            if (section.id() == SectionId.CODE) {
                stubbed.add(new Section(SectionId.CODE, stubs(new ByteReader(section.payload()).index())));
                changed = true;
            } else {
                stubbed.add(section);
            }
        }
        return changed ? ModuleSections.assemble(stubbed) : module;
    }

    private static byte[] stubs(int bodies) {
        ByteWriter code = new ByteWriter(5 + bodies * STUB_BODY.length);
        code.u32(bodies);
        for (int i = 0; i < bodies; i++) {
            code.bytes(STUB_BODY);
        }
        return code.toByteArray();
    }
}
