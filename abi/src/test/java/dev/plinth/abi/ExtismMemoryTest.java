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

    /**
     * Was "freedBlocksAreReusedAndForgotten", which reused a freed block at once: as in Extism's
     * kernel, a freed block is reused only when the pages in use have no room left (the host now
     * frees what it is handed, issue 12, so at-once reuse would hand a guest's key block out again
     * while the guest still holds it).
     */
    @Test
    void freedBlocksAreForgottenAndReusedOnlyWhenThePagesAreFull() {
        long a = memory.alloc(64);
        memory.free(a);
        assertThat(memory.length(a)).isZero();
        long b = memory.alloc(60);
        assertThat(b).as("room left in the page: carved anew").isNotEqualTo(a);
        memory.free(a);
        assertThat(memory.length(b)).as("a second free of a freed block frees nothing").isEqualTo(60);
        long rest = 65536 - ExtismMemory.BASE - memory.used();
        assertThat(memory.alloc(rest)).as("fills the first page").isNotZero();
        long c = memory.alloc(60);
        assertThat(c).as("the page is full: the freed block").isEqualTo(a);
        assertThat(memory.length(c)).isEqualTo(60);
        memory.free(0);
        memory.free(12345);
    }

    @Test
    void aMuchLargerFreedBlockGivesItsTail() {
        long big = memory.alloc(4096);
        memory.alloc(65536 - ExtismMemory.BASE - memory.used());
        memory.free(big);
        long tail = memory.alloc(100);
        assertThat(tail).isEqualTo(big + 4096 - 104);
        assertThat(memory.length(tail)).isEqualTo(100);
        assertThat(memory.alloc(3000)).as("the front is still free, and gives its tail").isEqualTo(tail - 3000);
        assertThat(memory.pagesBytes()).isEqualTo(65536 - ExtismMemory.BASE);
        memory.alloc(2000); // more than the 992 bytes still free at the front
        assertThat(memory.pagesBytes()).as("grown by a whole page").isEqualTo(2 * 65536 - ExtismMemory.BASE);
    }

    @Test
    void everyBlockCostsItsBookkeepingOfTheLimit() {
        int blocks = 0;
        try {
            while (blocks < 1 << 20) {
                memory.alloc(1);
                blocks++;
            }
        } catch (MemoryLimitException e) {
            assertThat(e).hasMessageContaining("blocks so far");
        }
        assertThat(blocks).isEqualTo((int) ((1 << 20) / (8 + ExtismMemory.BLOCK_BOOKKEEPING)));
    }

    /**
     * Was "refusesEveryAccessOutsideTheMemoryInUse": Extism's kernel reads 0 outside its memory and
     * drops stores there (issue 12), so byte access no longer refuses; ranges handed to the host
     * ({@code output_set}) and block arguments still do.
     */
    @Test
    void readsZeroAndDropsStoresOutsideTheMemoryInUse() {
        long p = memory.alloc(8);
        memory.storeU64(p, -1L);
        assertThat(memory.loadU8(0)).isZero();
        assertThat(memory.loadU8(ExtismMemory.BASE - 1)).isZero();
        assertThat(memory.loadU64(p + 1)).as("a word that ends one byte past the memory").isZero();
        assertThat(memory.loadU8(p + 8)).isZero();
        assertThat(memory.loadU64(Long.MAX_VALUE)).isZero();
        assertThat(memory.loadU64(-8)).isZero();
        memory.storeU64(-8, 1);
        memory.storeU8(Long.MAX_VALUE, (byte) 1);
        memory.storeU64(p + 1, 0);
        memory.storeU8(p + 8, (byte) 1);
        assertThat(memory.loadU64(p)).as("no dropped store touched the block").isEqualTo(-1L);
        assertThat(memory.used()).isEqualTo(8);
        assertThatThrownBy(() -> memory.read("output_set", p, Long.MAX_VALUE)).isInstanceOf(AbiViolation.class);
        assertThatThrownBy(() -> memory.read("output_set", Long.MAX_VALUE - 2, 8)).isInstanceOf(AbiViolation.class);
        assertThatThrownBy(() -> memory.readBlock("error_set", p + 1)).isInstanceOf(AbiViolation.class)
                .hasMessageContaining("not the start of an allocated block");
        assertThat(memory.readBlock("config_get", 0)).as("0 is the empty block").isEmpty();
    }

    @Test
    void anUnsignedHugeAllocationIsAMemoryLimitHit() {
        assertThatThrownBy(() -> memory.alloc(-1)).isInstanceOf(MemoryLimitException.class)
                .hasMessageContaining(Long.toUnsignedString(-1));
        assertThatThrownBy(() -> memory.alloc(Long.MIN_VALUE)).isInstanceOf(MemoryLimitException.class);
    }

    @Test
    void capsWhatOneCallMayAllocate() {
        memory.alloc(1 << 19);
        assertThatThrownBy(() -> memory.alloc(1 << 19)).isInstanceOf(MemoryLimitException.class);
        memory.release();
        assertThat(memory.alloc(1 << 19)).isEqualTo(ExtismMemory.BASE);
    }

    @Test
    void resetForgetsEveryBlockAndZeroesWhatItHeld() {
        long p = memory.alloc(8);
        memory.storeU64(p, 0x5EC2E7L);
        memory.release();
        assertThat(memory.length(p)).isZero();
        assertThat(memory.loadU64(p)).as("outside the memory in use now").isZero();
        long q = memory.alloc(8);
        assertThat(q).isEqualTo(p);
        assertThat(memory.loadU64(q)).as("a new call never sees what the last one left").isZero();
        memory.storeU64(q, 0x5EC2E7L);
        memory.clear();
        assertThat(memory.loadU64(memory.alloc(8))).as("the guest's own reset zeroes too").isZero();
    }

    @Test
    void theInputIsPlacedOutsideTheAllocationLimit() {
        long input = memory.place(new byte[1 << 20]);
        assertThat(memory.length(input)).isEqualTo(1 << 20);
        assertThat(memory.alloc((1 << 20) - 1024)).as("the whole limit is still there").isNotZero();
        assertThatThrownBy(() -> memory.alloc(2048)).isInstanceOf(MemoryLimitException.class);
        assertThat(memory.place(new byte[0])).isZero();
    }
}
