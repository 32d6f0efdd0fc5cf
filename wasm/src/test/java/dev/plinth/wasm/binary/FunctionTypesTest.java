package dev.plinth.wasm.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FunctionTypesTest {

    @Test
    void countsParametersThroughRecursiveGroupsAndSubTypes() {
        byte[] types = new ByteWriter().u32(3)
                .u8(0x60).u32(2).u8(0x7F).u8(0x7E).u32(1).u8(0x7F) // 0: (i32 i64) -> i32
                .u8(0x4E).u32(3) // a recursive group of three
                .u8(0x5F).u32(2).u8(0x78).u8(0x01).u8(0x63).s64(0).u8(0x00) // 1: struct (mut i8) (ref null 0)
                .u8(0x50).u32(0).u8(0x5E).u8(0x7F).u8(0x01) // 2: sub array (mut i32)
                .u8(0x4F).u32(1).u32(0).u8(0x60).u32(1).u8(0x64).s64(-16).u32(0) // 3: sub final func (ref func)
                .u8(0x60).u32(0).u32(0) // 4: () -> ()
                .toByteArray();
        byte[] functions = new ByteWriter().u32(3).u32(3).u32(0).u32(4).toByteArray();

        FunctionTypes read = FunctionTypes.read(new Section(SectionId.TYPE, types),
                new Section(SectionId.FUNCTION, functions));

        assertThat(read.parameterCount(0)).isEqualTo(1);
        assertThat(read.parameterCount(1)).isEqualTo(2);
        assertThat(read.parameterCount(2)).isZero();
        assertThatThrownBy(() -> read.parameterCount(3)).isInstanceOf(MalformedWasmException.class);
    }

    @Test
    void encodesAFunctionTypeWithOneMoreParameter() {
        byte[] types = new ByteWriter().u32(2)
                .u8(0x4E).u32(1).u8(0x5E).u8(0x7F).u8(0x01) // 0: rec (array (mut i32))
                .u8(0x4F).u32(0).u8(0x60).u32(2).u8(0x7F).u8(0x63).s64(0).u32(1).u8(0x7D) // 1: (i32 (ref null 0)) -> f32
                .toByteArray();
        byte[] functions = new ByteWriter().u32(1).u32(1).toByteArray();
        FunctionTypes read = FunctionTypes.read(new Section(SectionId.TYPE, types),
                new Section(SectionId.FUNCTION, functions));

        assertThat(read.typeCount()).isEqualTo(2);
        assertThat(read.typeOf(0)).isEqualTo(1);
        assertThat(read.withParameterAppended(1, 0x7E)).containsExactly(
                new ByteWriter().u8(0x60).u32(3).u8(0x7F).u8(0x63).s64(0).u8(0x7E).u32(1).u8(0x7D).toByteArray());
    }

    @Test
    void refusesAFunctionWhoseTypeIsNotAFunctionType() {
        byte[] types = new ByteWriter().u32(1).u8(0x5E).u8(0x7F).u8(0x00).toByteArray();
        byte[] functions = new ByteWriter().u32(1).u32(0).toByteArray();
        FunctionTypes read = FunctionTypes.read(new Section(SectionId.TYPE, types),
                new Section(SectionId.FUNCTION, functions));
        assertThatThrownBy(() -> read.parameterCount(0)).hasMessageContaining("not a function type");
        assertThatThrownBy(() -> FunctionTypes.read(new Section(SectionId.TYPE, new byte[] {1, 0x55}), null))
                .hasMessageContaining("unknown type form 0x55");
    }
}
