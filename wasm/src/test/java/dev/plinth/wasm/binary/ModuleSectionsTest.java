package dev.plinth.wasm.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.testing.Wat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleSectionsTest {
    private static final byte[] HEADER = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};

    @Test
    void splitAndAssembleGiveBackTheSameBytes() {
        byte[] wasm = Wat.assemble("""
                (module (memory 1) (global i32 (i32.const 1))
                  (func (export "f") (result i32) (global.get 0)) (data (i32.const 0) "hi"))
                """);
        List<Section> sections = ModuleSections.split(wasm);
        assertThat(sections).extracting(Section::id).containsExactly(
                SectionId.TYPE, SectionId.FUNCTION, SectionId.MEMORY, SectionId.GLOBAL, SectionId.EXPORT,
                SectionId.CODE, SectionId.DATA, SectionId.CUSTOM);
        assertThat(sections.get(7).customName()).isEqualTo("name");
        assertThat(ModuleSections.assemble(sections)).isEqualTo(wasm);
    }

    @Test
    void refusesWhatIsNotAModule() {
        assertThatThrownBy(() -> ModuleSections.split(new byte[0])).hasMessageContaining("not a WebAssembly module");
        assertThatThrownBy(() -> ModuleSections.split(new byte[] {0x00, 0x61, 0x73, 0x6D, 0x02, 0, 0, 0}))
                .isInstanceOf(MalformedWasmException.class);
        assertThatThrownBy(() -> ModuleSections.split(module(SectionId.TYPE, 5, 0)))
                .isInstanceOf(MalformedWasmException.class).hasMessageContaining("unexpected end");
        assertThatThrownBy(() -> ModuleSections.split(module(14, 0)))
                .isInstanceOf(MalformedWasmException.class).hasMessageContaining("unknown section id 14");
        assertThatThrownBy(() -> ModuleSections.split(module(SectionId.EXPORT, 1, 0, SectionId.TYPE, 1, 0)))
                .isInstanceOf(MalformedWasmException.class).hasMessageContaining("out of order");
        assertThatThrownBy(() -> ModuleSections.split(module(SectionId.TYPE, 1, 0, SectionId.TYPE, 1, 0)))
                .isInstanceOf(MalformedWasmException.class).hasMessageContaining("repeated");
        assertThatThrownBy(() -> ModuleSections.split(module(SectionId.CUSTOM, 1, 5)))
                .isInstanceOf(MalformedWasmException.class);
    }

    @Test
    void insertsANewSectionWhereTheOrderPutsIt() {
        List<Section> sections = new ArrayList<>(List.of(
                new Section(SectionId.CUSTOM, new byte[] {0}),
                new Section(SectionId.TYPE, new byte[] {0}),
                new Section(SectionId.TAG, new byte[] {0}),
                new Section(SectionId.CUSTOM, new byte[] {0}),
                new Section(SectionId.CODE, new byte[] {0})));
        ModuleSections.insertInOrder(sections, new Section(SectionId.GLOBAL, new byte[] {0}));
        ModuleSections.insertInOrder(sections, new Section(SectionId.EXPORT, new byte[] {0}));
        assertThat(sections).extracting(Section::id).containsExactly(SectionId.CUSTOM, SectionId.TYPE,
                SectionId.TAG, SectionId.GLOBAL, SectionId.EXPORT, SectionId.CUSTOM, SectionId.CODE);
        List<Section> empty = new ArrayList<>();
        ModuleSections.insertInOrder(empty, new Section(SectionId.GLOBAL, new byte[] {0}));
        assertThat(empty).hasSize(1);
    }

    @Test
    void appendingToAVectorSectionKeepsItsEntries() {
        List<Section> sections = new ArrayList<>(List.of(new Section(SectionId.EXPORT,
                new ByteWriter().u32(1).bytes(Export.encode("a", ExternalKind.FUNCTION, 0)).toByteArray())));
        VectorSection.append(sections, SectionId.EXPORT, List.of(Export.encode("b", ExternalKind.GLOBAL, 3)));
        assertThat(Export.list(sections.get(0))).containsExactly(
                new Export("a", ExternalKind.FUNCTION, 0), new Export("b", ExternalKind.GLOBAL, 3));
    }

    private static byte[] module(int... sectionBytes) {
        byte[] bytes = new byte[HEADER.length + sectionBytes.length];
        System.arraycopy(HEADER, 0, bytes, 0, HEADER.length);
        for (int i = 0; i < sectionBytes.length; i++) {
            bytes[HEADER.length + i] = (byte) sectionBytes[i];
        }
        return bytes;
    }
}
