package dev.plinth.abi;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.Memory;
import org.junit.jupiter.api.Test;

/**
 * The linear memory behind {@link ExtismMemory}: the header the inlined kernel functions read
 * ({@link KernelHeader}) always tells what the host's bounds are, the guest cannot grow it, an
 * instance's initialization cannot zero it, and a large call's pages are let go between calls.
 */
class KernelMemoryTest {
    private final ExtismMemory memory = new ExtismMemory(64 << 20);
    private final KernelRoot root = new KernelRoot(memory);
    private final Memory linear = memory.linearMemory();

    private long used() {
        return linear.readLong(KernelHeader.USED_AT);
    }

    @Test
    void theHeaderFollowsTheMemoryInUseAndTheInput() {
        assertThat(used()).as("empty").isZero();
        long input = memory.place(new byte[] {1, 2, 3});
        root.setInput(input, 3);
        assertThat(used()).isEqualTo(8);
        assertThat(linear.readLong(KernelHeader.INPUT_OFFSET_AT)).isEqualTo(input);
        assertThat(linear.readLong(KernelHeader.INPUT_LENGTH_AT)).isEqualTo(3);
        assertThat(linear.read((int) input + KernelHeader.BIAS + 2)).as("offset o at o + BIAS").isEqualTo((byte) 3);
        long block = memory.alloc(100);
        assertThat(used()).isEqualTo(8 + 104);
        memory.storeU64(block, 42);
        assertThat(linear.readLong((int) block + KernelHeader.BIAS)).isEqualTo(42);
        root.free(input);
        assertThat(linear.readLong(KernelHeader.INPUT_LENGTH_AT)).as("freeing the input empties it").isZero();
        root.setInput(-8, 16);
        assertThat(linear.readLong(KernelHeader.INPUT_OFFSET_AT)).as("ignored outside the memory").isEqualTo(input);
        root.reset();
        assertThat(used()).isZero();
        assertThat(linear.readLong(KernelHeader.INPUT_OFFSET_AT)).isZero();
        assertThat(linear.readLong((int) block + KernelHeader.BIAS)).as("reset zeroes the blocks").isZero();
    }

    @Test
    void theGuestCannotGrowItAndInitializationCannotZeroIt() {
        memory.alloc(8);
        int pages = linear.pages();
        assertThat(linear.grow(1)).isEqualTo(-1);
        assertThat(linear.pages()).isEqualTo(pages);
        linear.zero();
        assertThat(used()).as("the header survives an instance's zeroing").isEqualTo(8);
    }

    @Test
    void aLargeCallGrowsItKeepingItsBytesAndTheNextCallStartsSmall() {
        long first = memory.alloc(16);
        memory.storeU64(first, 0x5EED);
        long big = memory.alloc(5 << 20);
        memory.storeU8(big + (5 << 20) - 1, (byte) 7);
        assertThat(memory.loadU64(first)).as("kept when the pages were replaced").isEqualTo(0x5EED);
        assertThat(memory.loadU8(big + (5 << 20) - 1)).isEqualTo((byte) 7);
        assertThat(linear.pages()).isGreaterThan(80);
        root.release();
        assertThat(linear.pages()).isEqualTo(1);
        assertThat(used()).isZero();
        long again = memory.alloc(16);
        assertThat(memory.loadU64(again)).as("a fresh block is zero").isZero();
    }
}
