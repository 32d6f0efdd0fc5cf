package dev.plinth.wasm.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteReaderTest {

    @Test
    void readsUnsignedNumbersUpToTheirWidth() {
        assertThat(reader(0x00).u32()).isZero();
        assertThat(reader(0xE5, 0x8E, 0x26).u32()).isEqualTo(624485);
        assertThat(reader(0xFF, 0xFF, 0xFF, 0xFF, 0x0F).u32()).isEqualTo(0xFFFF_FFFFL);
        assertThat(reader(0x80, 0x80, 0x80, 0x80, 0x00).u32()).as("padded zero").isZero();
    }

    @Test
    void refusesUnsignedNumbersTooLongOrTooWide() {
        assertThatThrownBy(() -> reader(0xFF, 0xFF, 0xFF, 0xFF, 0x1F).u32())
                .isInstanceOf(MalformedWasmException.class).hasMessageContaining("exceeds 32 bits");
        assertThatThrownBy(() -> reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x00).u32())
                .isInstanceOf(MalformedWasmException.class).hasMessageContaining("longer than 5 bytes");
        assertThatThrownBy(() -> reader(0x80, 0x80).u32())
                .isInstanceOf(MalformedWasmException.class).hasMessageContaining("unexpected end");
        assertThatThrownBy(() -> reader(0xFF, 0xFF, 0xFF, 0xFF, 0x0F).index())
                .isInstanceOf(MalformedWasmException.class).hasMessageContaining("too large");
    }

    @Test
    void readsSignedNumbersWithTheirSign() {
        assertThat(reader(0x7F).s32()).isEqualTo(-1);
        assertThat(reader(0x40).s33()).isEqualTo(-64);
        assertThat(reader(0x3F).s64()).isEqualTo(63);
        assertThat(reader(0xC0, 0xBB, 0x78).s32()).isEqualTo(-123456);
        assertThat(reader(0xFF, 0xFF, 0xFF, 0xFF, 0x07).s32()).isEqualTo(Integer.MAX_VALUE);
        assertThat(reader(0x80, 0x80, 0x80, 0x80, 0x78).s32()).isEqualTo(Integer.MIN_VALUE);
        assertThat(reader(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00).s64()).isEqualTo(Long.MAX_VALUE);
        assertThat(reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F).s64()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void refusesSignedNumbersWhoseLastByteDoesNotExtendTheSign() {
        assertThatThrownBy(() -> reader(0xFF, 0xFF, 0xFF, 0xFF, 0x0F).s32())
                .isInstanceOf(MalformedWasmException.class).hasMessageContaining("exceeds 32 bits");
        assertThatThrownBy(() -> reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01).s64())
                .isInstanceOf(MalformedWasmException.class).hasMessageContaining("exceeds 64 bits");
    }

    @Test
    void writerAndReaderAgreeOnEveryNumber() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            long signed = i < 64 ? (1L << i) - 1 : random.nextLong() >> random.nextInt(64);
            long unsigned = random.nextLong() >>> (32 + random.nextInt(33));
            byte[] bytes = new ByteWriter().s64(signed).u32(unsigned & 0xFFFF_FFFFL).s64(-signed).toByteArray();
            ByteReader in = new ByteReader(bytes);
            assertThat(in.s64()).isEqualTo(signed);
            assertThat(in.u32()).isEqualTo(unsigned & 0xFFFF_FFFFL);
            assertThat(in.s64()).isEqualTo(-signed);
            assertThat(in.atEnd()).isTrue();
        }
        assertThat(new ByteReader(new ByteWriter().s64(-5).toByteArray()).s32()).isEqualTo(-5);
        assertThat(new ByteReader(new ByteWriter().s64(-5).toByteArray()).s33()).isEqualTo(-5);
    }

    @Test
    void neverReadsOutsideItsSlice() {
        byte[] bytes = {1, 2, 3, 4};
        ByteReader in = new ByteReader(bytes, 1, 3);
        assertThat(in.u8()).isEqualTo(2);
        assertThat(in.u8()).isEqualTo(3);
        assertThatThrownBy(in::u8).isInstanceOf(MalformedWasmException.class);
        assertThatThrownBy(() -> new ByteReader(bytes, 1, 3).skip(3)).isInstanceOf(MalformedWasmException.class);
        assertThatThrownBy(() -> new ByteReader(bytes, 2, 9)).isInstanceOf(MalformedWasmException.class);
        assertThatThrownBy(() -> new ByteReader(new byte[] {5, 'a'}).name())
                .isInstanceOf(MalformedWasmException.class);
    }

    private static ByteReader reader(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return new ByteReader(bytes);
    }
}
