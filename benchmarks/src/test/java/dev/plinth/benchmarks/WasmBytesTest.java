package dev.plinth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** LEB128 as the WebAssembly spec's examples write it. */
class WasmBytesTest {
    @Test
    void unsignedNumbers() {
        assertThat(new WasmBytes().u32(0).toByteArray()).containsExactly(0x00);
        assertThat(new WasmBytes().u32(127).toByteArray()).containsExactly(0x7F);
        assertThat(new WasmBytes().u32(128).toByteArray()).containsExactly(0x80, 0x01);
        assertThat(new WasmBytes().u32(624_485).toByteArray()).containsExactly(0xE5, 0x8E, 0x26);
    }

    @Test
    void signedNumbers() {
        assertThat(new WasmBytes().s32(-1).toByteArray()).containsExactly(0x7F);
        assertThat(new WasmBytes().s32(63).toByteArray()).containsExactly(0x3F);
        assertThat(new WasmBytes().s32(64).toByteArray()).containsExactly(0xC0, 0x00);
        assertThat(new WasmBytes().s32(-64).toByteArray()).containsExactly(0x40);
        assertThat(new WasmBytes().s32(-123_456).toByteArray()).containsExactly(0xC0, 0xBB, 0x78);
        assertThat(new WasmBytes().s32(Integer.MIN_VALUE).toByteArray()).containsExactly(0x80, 0x80, 0x80, 0x80, 0x78);
    }

    @Test
    void sectionsArePrefixedWithTheirSize() {
        byte[] section = new WasmBytes().section(0, new WasmBytes().name("ab").bytes(7)).toByteArray();

        assertThat(section).containsExactly(0x00, 0x04, 0x02, 'a', 'b', 0x07);
    }
}
