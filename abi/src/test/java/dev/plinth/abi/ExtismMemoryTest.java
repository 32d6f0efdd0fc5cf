package dev.plinth.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.error.MemoryLimitException;
import org.junit.jupiter.api.Test;

class ExtismMemoryTest {
    private final ExtismMemory memory = new ExtismMemory(1 << 20);

    @Test
    void allocatesDistinctNonZeroBlocksThatRememberTheirLength() {
        long a = memory.alloc(3);
        long b = memory.alloc(20);
        assertThat(a).isNotZero();
        assertThat(b).isGreaterThanOrEqualTo(a + 3);
        assertThat(memory.length(a)).isEqualTo(3);
        assertThat(memory.length(b)).isEqualTo(20);
        assertThat(memory.length(a + 1)).as("not the start of a block").isZero();
        assertThat(memory.alloc(0)).as("Extism returns null for empty blocks").isZero();
    }

    @Test
    void storesAndLoadsLittleEndian() {
        long p = memory.alloc(16);
        memory.storeU64(p, 0x0102030405060708L);
        assertThat(memory.loadU8(p)).isEqualTo((byte) 0x08);
        assertThat(memory.loadU64(p)).isEqualTo(0x0102030405060708L);
        memory.storeU8(p + 15, (byte) 0xFF);
        assertThat(memory.read("test", p + 8, 8)).containsExactly(0, 0, 0, 0, 0, 0, 0, 0xFF);
    }

    @Test
    void freedBlocksAreReusedAndForgotten() {
        long a = memory.alloc(64);
        memory.free(a);
        assertThat(memory.length(a)).isZero();
        long b = memory.alloc(60);
        assertThat(b).isEqualTo(a);
        assertThat(memory.length(b)).isEqualTo(60);
        memory.free(0);
        memory.free(12345);
    }

    @Test
    void refusesEveryAccessOutsideTheMemoryInUse() {
        long p = memory.alloc(8);
        assertThatThrownBy(() -> memory.loadU8(0)).isInstanceOf(AbiViolation.class).hasMessageContaining("load_u8");
        assertThatThrownBy(() -> memory.loadU64(p + 1)).isInstanceOf(AbiViolation.class);
        assertThatThrownBy(() -> memory.storeU64(-8, 1)).isInstanceOf(AbiViolation.class);
        assertThatThrownBy(() -> memory.storeU8(Long.MAX_VALUE, (byte) 1)).isInstanceOf(AbiViolation.class);
        assertThatThrownBy(() -> memory.read("output_set", p, Long.MAX_VALUE)).isInstanceOf(AbiViolation.class);
        assertThatThrownBy(() -> memory.read("output_set", Long.MAX_VALUE - 2, 8)).isInstanceOf(AbiViolation.class);
        assertThatThrownBy(() -> memory.readBlock("error_set", p + 1)).isInstanceOf(AbiViolation.class)
                .hasMessageContaining("not the start of an allocated block");
        assertThatThrownBy(() -> memory.alloc(-1)).isInstanceOf(AbiViolation.class);
    }

    @Test
    void capsWhatOneCallMayAllocate() {
        memory.alloc(1 << 19);
        assertThatThrownBy(() -> memory.alloc(1 << 19)).isInstanceOf(MemoryLimitException.class);
        memory.reset();
        assertThat(memory.alloc(1 << 19)).isEqualTo(ExtismMemory.BASE);
    }

    @Test
    void resetForgetsEveryBlock() {
        long p = memory.alloc(8);
        memory.reset();
        assertThat(memory.length(p)).isZero();
        assertThatThrownBy(() -> memory.loadU8(p)).isInstanceOf(AbiViolation.class);
    }
}
