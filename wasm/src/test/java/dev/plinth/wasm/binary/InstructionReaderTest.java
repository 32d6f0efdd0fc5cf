package dev.plinth.wasm.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.WasmEncoding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decoder knows every instruction Chicory knows, with the same immediates. */
class InstructionReaderTest {

    @Test
    void decodesEveryOpcodeChicoryKnowsToTheRightLength() {
        int checked = 0;
        for (OpCode opcode : OpCode.values()) {
            ByteWriter encoded = new ByteWriter();
            int value = opcode.opcode();
            if (value > 0xFF) {
                encoded.u8(value >>> 8).u32(value & 0xFF);
            } else {
                encoded.u8(value);
            }
            for (WasmEncoding immediate : OpCode.signature(opcode)) {
                encodeMinimal(encoded, immediate);
            }
            encoded.u8(Opcodes.NOP); // the next instruction must not be swallowed
            byte[] bytes = encoded.toByteArray();

            Instruction instruction = InstructionReader.next(new ByteReader(bytes));

            int expectedOpcode = value > 0xFF ? Opcodes.prefixed(value >>> 8, value & 0xFF) : value;
            assertThat(instruction.opcode()).as(opcode.name()).isEqualTo(expectedOpcode);
            assertThat(instruction.end()).as(opcode.name()).isEqualTo(bytes.length - 1);
            checked++;
        }
        assertThat(checked).isGreaterThan(500);
    }

    @Test
    void readsTheIndexOfGlobalAccessesAndCalls() {
        assertThat(decode(0x23, 0x85, 0x01).index()).isEqualTo(133);
        assertThat(decode(0x24, 0x00).index()).isZero();
        assertThat(decode(0x10, 0x07).index()).isEqualTo(7);
        assertThat(decode(0x41, 0x7F).index()).isEqualTo(-1);
    }

    @Test
    void decodesTheVariableLengthImmediates() {
        // br_table with three targets and a default
        assertThat(decode(0x0E, 0x03, 0x00, 0x01, 0x02, 0x00).end()).isEqualTo(6);
        // a memarg naming memory 1 (multi-memory)
        assertThat(decode(0x28, 0x42, 0x01, 0x10).end()).isEqualTo(4);
        // block types: empty, value type, (ref null 5), type index 300
        assertThat(decode(0x02, 0x40).end()).isEqualTo(2);
        assertThat(decode(0x02, 0x7F).end()).isEqualTo(2);
        assertThat(decode(0x02, 0x63, 0x05).end()).isEqualTo(3);
        assertThat(decode(0x02, 0xAC, 0x02).end()).isEqualTo(3);
        // try_table with catch 0 -> label 1, catch_all_ref -> label 0
        assertThat(decode(0x1F, 0x40, 0x02, 0x00, 0x00, 0x01, 0x03, 0x00).end()).isEqualTo(8);
        // select with typed results (ref null func)
        assertThat(decode(0x1C, 0x01, 0x63, 0x70).end()).isEqualTo(4);
        // a SIMD sub-opcode above 0x7f takes two LEB bytes
        assertThat(decode(0xFD, 0xAE, 0x01).opcode()).isEqualTo(Opcodes.prefixed(0xFD, 0xAE));
    }

    @Test
    void refusesWhatChicoryCannotRun() {
        for (int legacyException : List.of(0x06, 0x07, 0x09, 0x18, 0x19)) {
            assertThatThrownBy(() -> decode(legacyException, 0x40))
                    .isInstanceOf(MalformedWasmException.class).hasMessageContaining("unknown or unsupported opcode");
        }
        assertThatThrownBy(() -> decode(0xFC, 0x12)).isInstanceOf(MalformedWasmException.class);
        assertThatThrownBy(() -> decode(0xFD, 0x80, 0x02)).as("relaxed SIMD").isInstanceOf(MalformedWasmException.class);
        assertThatThrownBy(() -> decode(0xFF)).isInstanceOf(MalformedWasmException.class);
        assertThatThrownBy(() -> decode(0x1F, 0x40, 0x01, 0x07)).hasMessageContaining("catch clause");
    }

    private static Instruction decode(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return InstructionReader.next(new ByteReader(bytes));
    }

    private static void encodeMinimal(ByteWriter out, WasmEncoding immediate) {
        switch (immediate) {
            case VARUINT, VARSINT32, VARSINT64, BYTE -> out.u8(0);
            case FLOAT32 -> out.bytes(new byte[4]);
            case FLOAT64 -> out.bytes(new byte[8]);
            case V128 -> out.bytes(new byte[16]);
            case MEMARG -> out.u8(0).u8(0);
            case BLOCK_TYPE -> out.u8(0x40);
            case VEC_CATCH, VEC_VARUINT -> out.u8(0);
            case VEC_VALUE_TYPE -> out.u8(1).u8(0x7F);
            default -> throw new AssertionError("unknown immediate " + immediate);
        }
    }
}
