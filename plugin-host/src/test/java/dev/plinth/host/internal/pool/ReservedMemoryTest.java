package dev.plinth.host.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import org.junit.jupiter.api.Test;

/**
 * The memory's reserve: growth copies only when it runs out, never reserves past the maximum, and
 * the reserve beyond the size cannot be read or written; what the memory held survives growth.
 */
class ReservedMemoryTest {
    private static final int PAGE = Memory.PAGE_SIZE;

    @Test
    void growingAPageAtATimeDoublesTheReserveUpToTheMaximumOnly() {
        ReservedMemory memory = new ReservedMemory(new MemoryLimits(1, 100));
        assertThat(memory.capacityBytes()).isEqualTo(PAGE);
        int copies = 0;
        long capacity = memory.capacityBytes();
        for (int i = 1; i < 100; i++) {
            assertThat(memory.grow(1)).isEqualTo(i);
            if (memory.capacityBytes() != capacity) {
                copies++;
                capacity = memory.capacityBytes();
            }
            assertThat(memory.capacityBytes()).isLessThanOrEqualTo(100L * PAGE);
        }
        assertThat(memory.pages()).isEqualTo(100);
        assertThat(memory.capacityBytes()).isEqualTo(100L * PAGE);
        assertThat(copies).as("1 -> 2 -> 4 -> ... -> 64 -> 100 pages").isEqualTo(7);
        assertThat(memory.grow(1)).isEqualTo(-1);
        assertThat(memory.grow(-1)).isEqualTo(-1);
        assertThat(memory.grow(Integer.MAX_VALUE)).isEqualTo(-1);
        assertThat(memory.pages()).isEqualTo(100);
    }

    @Test
    void theReserveBeyondTheSizeCannotBeReachedAndDataSurvivesGrowth() {
        ReservedMemory memory = new ReservedMemory(new MemoryLimits(1, 16));
        memory.writeLong(PAGE - 8, 0x0102030405060708L);
        memory.grow(1);
        memory.grow(1);
        assertThat(memory.capacityBytes()).isEqualTo(4L * PAGE);
        assertThat(memory.readLong(PAGE - 8)).isEqualTo(0x0102030405060708L);
        int size = 3 * PAGE;
        memory.writeI32(size - 4, 7);
        assertThat(memory.readInt(size - 4)).isEqualTo(7);
        assertThatThrownBy(() -> memory.readInt(size - 3)).isInstanceOf(WasmRuntimeException.class)
                .hasMessageContaining("out of bounds memory access");
        assertThatThrownBy(() -> memory.read(size)).isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> memory.writeByte(size, (byte) 1)).isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> memory.readLong(-1)).isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> memory.readBytes(size - 1, 2)).isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> memory.fill((byte) 1, size - 1, size + 1)).isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> memory.copy(size - 1, 0, 2)).isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> memory.write(size, new byte[1], 0, 1)).isInstanceOf(WasmRuntimeException.class);
        assertThat(memory.readBytes(size, 0)).isEmpty();
    }

    @Test
    void bulkOperationsAndWidthsAreLittleEndianAndOverlapSafe() {
        ReservedMemory memory = new ReservedMemory(new MemoryLimits(1, 1));
        memory.write(10, new byte[] {1, 2, 3, 4, 5}, 1, 3);
        assertThat(memory.readBytes(10, 3)).containsExactly(2, 3, 4);
        memory.copy(11, 10, 3);
        assertThat(memory.readBytes(10, 4)).containsExactly(2, 2, 3, 4);
        memory.fill((byte) 9, 20, 24);
        assertThat(memory.readInt(20)).isEqualTo(0x09090909);
        memory.writeShort(30, (short) -2);
        assertThat(memory.readU16(30)).isEqualTo(0xFFFE);
        assertThat(memory.read(30)).isEqualTo((byte) 0xFE);
        memory.writeF64(40, 1.5);
        assertThat(memory.readDouble(40)).isEqualTo(1.5);
        assertThat(memory.readF64(40)).isEqualTo(Double.doubleToRawLongBits(1.5));
        memory.writeF32(50, -0.0f);
        assertThat(memory.readF32(50)).isEqualTo((long) Float.floatToRawIntBits(-0.0f));
        assertThat(memory.atomicAddInt(20, 1)).isEqualTo(0x09090909);
        assertThat(memory.readInt(20)).isEqualTo(0x0909090A);
        memory.zero();
        assertThat(memory.readLong(40)).isZero();
    }
}
