package dev.plinth.abi;

import dev.plinth.api.error.MemoryLimitException;
import com.dylibso.chicory.runtime.Memory;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The host-side memory that Extism offsets point into: blocks handed out by {@code alloc}, read and
 * written a byte or eight at a time by the guest. One per instance, used by one thread at a time,
 * reset (and zeroed) before every call as Extism's kernel does.
 *
 * <p>Offsets are never 0 (the ABI's null). As in Extism's kernel, byte access is not tied to blocks:
 * a load anywhere in the memory in use ({@code [BASE, top)}) reads what is there, a load outside it
 * reads 0, and a store outside it is dropped. Nothing outside that range is ever read or written, so
 * a guest never sees what an earlier call left behind nor touches the host's array past its end.
 *
 * <p>The bytes live in a {@link KernelMemory}, a linear memory laid out as {@link KernelHeader} says
 * (offset {@code o} at address {@code o + BIAS}), whose header this class keeps up to date: the
 * kernel functions a module has inlined ({@code dev.plinth.wasm.kernel.KernelInliner}) read and
 * write the same bytes, under the same bounds, as the host functions that go through this class.
 */
final class ExtismMemory {
    /** The first offset handed out; everything below is never valid. */
    static final long BASE = 8;
    /** The most offsets may reach, whatever the limit: what the kernel memory can address. */
    static final long HARD_MAX = (long) KernelMemory.MAX_PAGES * KernelMemory.PAGE - KernelHeader.BIAS;
    private static final int BIAS = KernelHeader.BIAS;
    private static final int ALIGN = 8;
    private static final long PAGE = 65536;
    /** A freed block this much larger than asked for is split, as Extism's kernel splits it. */
    private static final long SPLIT_EXCESS = 128;
    /**
     * What each block carved out also costs of the limit: the host's bookkeeping for it (map entries
     * and boxed offsets, about this much of the JVM's heap), like the header before every block in
     * Extism's kernel. Without it a guest's millions of one-byte blocks would cost the host's heap
     * twenty times the limit.
     */
    static final long BLOCK_BOOKKEEPING = 128;
    private static final int KEPT_HEAP = 1 << 20;

    private final long limit;
    private final KernelMemory heap = new KernelMemory();
    private long top = BASE;
    /** Where the pages of the memory end, as Extism's kernel grows them: what {@code memory_bytes} reports. */
    private long pagesEnd = PAGE;
    /** Bytes the host placed for the guest (the input): not counted against {@link #limit}. */
    private long hostBytes;
    /** Live blocks: offset to length. */
    private final Map<Long, Long> live = new HashMap<>();
    /** Capacity of every block ever carved out at an offset (live or free). */
    private final Map<Long, Long> capacity = new HashMap<>();
    /** Free blocks by capacity, for reuse. */
    private final TreeMap<Long, ArrayDeque<Long>> free = new TreeMap<>();

    /** @param limit the most the guest may allocate in one call, besides the input the host places */
    ExtismMemory(long limit) {
        this.limit = Math.min(limit, HARD_MAX);
        publishTop();
    }

    /** The linear memory that holds the blocks, for the modules that reach them with inlined kernel functions. */
    Memory linearMemory() {
        return heap;
    }

    /** Tells the inlined kernel functions the input's range ({@code input_length}, {@code input_load_*}). */
    void publishInput(long offset, long length) {
        heap.writeLong(KernelHeader.INPUT_OFFSET_AT, offset);
        heap.writeLong(KernelHeader.INPUT_LENGTH_AT, length);
    }

    private void publishTop() {
        heap.writeLong(KernelHeader.USED_AT, top - BASE);
    }

    /**
     * Allocates a block of {@code length} bytes; returns 0 for a length of 0, as Extism does.
     * {@code length} is unsigned, as in Extism: a negative one is a request for more than any limit.
     *
     * <p>Blocks are carved as Extism's kernel carves them: from the end of the memory in use while
     * its pages have room, and only when they have none from a freed block (the smallest that fits,
     * its tail when it is much larger), before the memory grows by whole pages. So a block that the
     * host freed (it owns what a guest hands to {@code config_get}, {@code log_*}, ...) is not handed
     * out again at once, and a guest that frees it a second time frees nothing. A fresh block is zero;
     * a reused one holds what its last owner left, in this call, as in Extism.
     *
     * @throws KernelMemoryLimitException when the call would pass the limit (Extism's {@code oom})
     */
    long alloc(long length) {
        if (length == 0) {
            return 0;
        }
        if (length < 0 || length > HARD_MAX) {
            throw tooMuch(length);
        }
        long needed = roundUp(length);
        long charged = top - BASE - hostBytes + (capacity.size() + 1L) * BLOCK_BOOKKEEPING + needed;
        boolean withinLimit = charged <= limit && top + needed <= HARD_MAX;
        if (withinLimit && top + needed <= pagesEnd) {
            return carve(length, needed);
        }
        long reused = reuse(length, needed);
        if (reused != 0) {
            return reused;
        }
        if (!withinLimit) {
            throw tooMuch(length);
        }
        pagesEnd = Math.min(roundUpToPage(top + needed), HARD_MAX);
        return carve(length, needed);
    }

    /** A freed block for {@code needed} bytes (its tail if it is much larger), or 0 when none fits. */
    private long reuse(long length, long needed) {
        Map.Entry<Long, ArrayDeque<Long>> fit = free.ceilingEntry(needed);
        if (fit == null) {
            return 0;
        }
        long size = fit.getKey();
        long offset = fit.getValue().pop();
        if (fit.getValue().isEmpty()) {
            free.remove(size);
        }
        if (size - needed >= SPLIT_EXCESS) {
            // keep the front free, hand out the tail
            capacity.put(offset, size - needed);
            free.computeIfAbsent(size - needed, k -> new ArrayDeque<>()).push(offset);
            offset += size - needed;
            capacity.put(offset, needed);
        }
        live.put(offset, length);
        return offset;
    }

    /**
     * Places bytes the host hands the guest (the call's input) in a new block, outside the guest's
     * allocation limit: the input has a limit of its own. Returns its offset, 0 for no bytes.
     */
    long place(byte[] bytes) {
        if (bytes.length == 0) {
            return 0;
        }
        long needed = roundUp(bytes.length);
        if (top + needed > HARD_MAX) {
            throw tooMuch(bytes.length);
        }
        long offset = carve(bytes.length, needed);
        hostBytes += needed;
        pagesEnd = Math.max(pagesEnd, Math.min(roundUpToPage(top), HARD_MAX));
        heap.write(address(offset), bytes, 0, bytes.length);
        return offset;
    }

    private long carve(long length, long needed) {
        long offset = top;
        heap.ensure(top + needed + BIAS);
        top += needed;
        publishTop();
        live.put(offset, length);
        capacity.put(offset, needed);
        return offset;
    }

    private MemoryLimitException tooMuch(long length) {
        return new KernelMemoryLimitException("the plugin allocated more than " + limit
                + " bytes of Extism memory in one call (asked for " + Long.toUnsignedString(length) + " more, with "
                + capacity.size() + " blocks so far, each costing " + BLOCK_BOOKKEEPING + " bytes of bookkeeping)");
    }

    /** Frees a live block; 0 and anything else are ignored, as Extism does. Says whether a block was freed. */
    boolean free(long offset) {
        if (live.remove(offset) == null) {
            return false;
        }
        free.computeIfAbsent(capacity.get(offset), k -> new ArrayDeque<>()).push(offset);
        return true;
    }

    /** The length of the live block at {@code offset}, or 0 when no live block starts there (or it is 0). */
    long length(long offset) {
        Long length = live.get(offset);
        return length == null ? 0 : length;
    }

    /** Whether {@code [offset, offset + length)} lies in the memory in use; both unsigned, overflow-safe. */
    boolean inBounds(long offset, long length) {
        return offset >= BASE && offset <= top && length >= 0 && length <= top - offset;
    }

    /** The byte at {@code offset}, or 0 outside the memory in use. */
    byte loadU8(long offset) {
        return inBounds(offset, 1) ? heap.read(address(offset)) : 0;
    }

    /** The word at {@code offset}, or 0 when any of its bytes is outside the memory in use. */
    long loadU64(long offset) {
        return inBounds(offset, 8) ? heap.readLong(address(offset)) : 0;
    }

    /** Stores a byte; dropped outside the memory in use. */
    void storeU8(long offset, byte value) {
        if (inBounds(offset, 1)) {
            heap.writeByte(address(offset), value);
        }
    }

    /** Stores a word; dropped when any of its bytes is outside the memory in use. */
    void storeU64(long offset, long value) {
        if (inBounds(offset, 8)) {
            heap.writeLong(address(offset), value);
        }
    }

    /** Copies {@code length} bytes out; an {@link AbiViolation} when they do not lie in memory in use. */
    byte[] read(String operation, long offset, long length) {
        if (length == 0) {
            return new byte[0];
        }
        if (!inBounds(offset, length)) {
            throw new AbiViolation(operation, "offset " + offset + " (+" + Long.toUnsignedString(length)
                    + " bytes) is outside the plugin's Extism memory [" + BASE + ", " + top + ")");
        }
        return heap.readBytes(address(offset), (int) length);
    }

    /**
     * The length of the block a host function is handed as an argument, as Extism's runtime finds
     * it: 0 for the offset 0 (an empty value), the length of the live block that starts there, and
     * otherwise an {@link AbiViolation} (Extism: "invalid handle offset").
     */
    long blockLength(String operation, long offset) {
        if (offset == 0) {
            return 0;
        }
        Long length = live.get(offset);
        if (length == null) {
            throw new AbiViolation(operation, "offset " + offset + " is not the start of an allocated block");
        }
        return length;
    }

    /** Copies the whole block of {@link #blockLength a block argument} out (empty for 0). */
    byte[] readBlock(String operation, long offset) {
        return readBlockPrefix(operation, offset, Integer.MAX_VALUE);
    }

    /**
     * Copies at most the first {@code max} bytes of {@link #blockLength a block argument} out: a guest's
     * block may be as large as the whole kernel memory, and text that is cut anyway is never copied
     * whole.
     */
    byte[] readBlockPrefix(String operation, long offset, int max) {
        long length = Math.min(blockLength(operation, offset), Math.max(0, max));
        return length == 0 ? new byte[0] : heap.readBytes(address(offset), (int) length);
    }

    /** Allocates a block holding {@code bytes} and returns its offset (0 for no bytes). */
    long allocBytes(byte[] bytes) {
        long offset = alloc(bytes.length);
        if (offset != 0) {
            heap.write(address(offset), bytes, 0, bytes.length);
        }
        return offset;
    }

    /**
     * Forgets every block and zeroes what they held, keeping the heap: the guest's own {@code reset},
     * which a guest may call in a loop, so it never makes the host allocate a new array.
     */
    void clear() {
        heap.fill((byte) 0, address(BASE), address(top));
        forget();
    }

    /** Forgets every block between calls, keeping a modest heap (zeroed) for the next call. */
    void release() {
        if (heap.capacity() > KEPT_HEAP) {
            heap.shrink();
            forget();
        } else {
            clear();
        }
    }

    private void forget() {
        live.clear();
        capacity.clear();
        free.clear();
        top = BASE;
        pagesEnd = PAGE;
        hostBytes = 0;
        publishTop();
    }

    /** Bytes currently carved out of the heap, the input included. */
    long used() {
        return top - BASE;
    }

    /** The size of the memory's pages, as Extism's {@code memory_bytes} reports it: at least one page. */
    long pagesBytes() {
        return pagesEnd - BASE;
    }

    /** The kernel memory's address of an offset in use. */
    private static int address(long offset) {
        return (int) (offset + BIAS);
    }

    private static long roundUp(long length) {
        return (length + ALIGN - 1) & -ALIGN;
    }

    private static long roundUpToPage(long offset) {
        return (offset + PAGE - 1) & -PAGE;
    }
}
