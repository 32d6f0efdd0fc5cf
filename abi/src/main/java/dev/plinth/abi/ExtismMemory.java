package dev.plinth.abi;

import dev.plinth.api.error.MemoryLimitException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The host-side memory that Extism offsets point into: blocks handed out by {@code alloc}, read and
 * written a byte or eight at a time by the guest. One per instance, used by one thread at a time,
 * reset before every call as Extism does.
 *
 * <p>Offsets are never 0 (the ABI's null) and every access is bounds-checked against the memory in
 * use; a bad offset is an {@link AbiViolation}, never a host exception.
 */
final class ExtismMemory {
    /** The first offset handed out; everything below is never valid. */
    static final long BASE = 8;
    private static final int ALIGN = 8;

    private final long limit;
    private byte[] heap = new byte[4096];
    private long top = BASE;
    /** Live blocks: offset to length. */
    private final Map<Long, Long> live = new HashMap<>();
    /** Capacity of every block ever carved out at an offset (live or free). */
    private final Map<Long, Long> capacity = new HashMap<>();
    /** Free blocks by capacity, for reuse. */
    private final TreeMap<Long, ArrayDeque<Long>> free = new TreeMap<>();

    ExtismMemory(long limit) {
        this.limit = limit;
    }

    /** Allocates a block of {@code length} bytes; returns 0 for a length of 0, as Extism does. */
    long alloc(long length) {
        if (length < 0) {
            throw new AbiViolation("alloc", "negative length " + length);
        }
        if (length == 0) {
            return 0;
        }
        long needed = roundUp(length);
        Map.Entry<Long, ArrayDeque<Long>> fit = free.ceilingEntry(needed);
        if (fit != null && fit.getKey() <= needed * 2) {
            long offset = fit.getValue().pop();
            if (fit.getValue().isEmpty()) {
                free.remove(fit.getKey());
            }
            live.put(offset, length);
            Arrays.fill(heap, (int) offset, (int) (offset + length), (byte) 0);
            return offset;
        }
        if (top + needed > limit) {
            throw new MemoryLimitException("the plugin allocated more than " + limit
                    + " bytes of Extism memory in one call (asked for " + length + " more)");
        }
        long offset = top;
        top += needed;
        ensureHeap(top);
        live.put(offset, length);
        capacity.put(offset, needed);
        return offset;
    }

    /** Frees a live block; 0 and unknown offsets are ignored, as Extism does. */
    void free(long offset) {
        if (live.remove(offset) != null) {
            free.computeIfAbsent(capacity.get(offset), k -> new ArrayDeque<>()).push(offset);
        }
    }

    /** The length of the live block at {@code offset}, or 0 when no block starts there. */
    long length(long offset) {
        Long length = live.get(offset);
        return length == null ? 0 : length;
    }

    byte loadU8(long offset) {
        check("load_u8", offset, 1);
        return heap[(int) offset];
    }

    long loadU64(long offset) {
        check("load_u64", offset, 8);
        return LittleEndian.longAt(heap, (int) offset);
    }

    void storeU8(long offset, byte value) {
        check("store_u8", offset, 1);
        heap[(int) offset] = value;
    }

    void storeU64(long offset, long value) {
        check("store_u64", offset, 8);
        LittleEndian.putLong(heap, (int) offset, value);
    }

    /** Copies {@code length} bytes out, checking that they lie in memory in use. */
    byte[] read(String operation, long offset, long length) {
        if (length < 0 || length > Integer.MAX_VALUE) {
            throw new AbiViolation(operation, "bad length " + length);
        }
        if (length == 0) {
            return new byte[0]; // Extism's alloc(0) returns 0, so (0, 0) is how a guest says "nothing"
        }
        check(operation, offset, length);
        return Arrays.copyOfRange(heap, (int) offset, (int) (offset + length));
    }

    /** Copies the whole live block at {@code offset} out. */
    byte[] readBlock(String operation, long offset) {
        return Arrays.copyOfRange(heap, (int) offset, (int) (offset + blockLength(operation, offset)));
    }

    /**
     * Copies at most the first {@code max} bytes of the live block at {@code offset} out: a guest's
     * block may be as large as the whole kernel memory, and text that is cut anyway is never copied
     * whole.
     */
    byte[] readBlockPrefix(String operation, long offset, int max) {
        long length = Math.min(blockLength(operation, offset), Math.max(0, max));
        return Arrays.copyOfRange(heap, (int) offset, (int) (offset + length));
    }

    /** The length of the live block at {@code offset}; an {@link AbiViolation} when no block starts there. */
    long blockLength(String operation, long offset) {
        Long length = live.get(offset);
        if (length == null) {
            throw new AbiViolation(operation, "offset " + offset + " is not the start of an allocated block");
        }
        return length;
    }

    /** Allocates a block holding {@code bytes} and returns its offset (0 for no bytes). */
    long allocBytes(byte[] bytes) {
        long offset = alloc(bytes.length);
        if (offset != 0) {
            System.arraycopy(bytes, 0, heap, (int) offset, bytes.length);
        }
        return offset;
    }

    /** Forgets every block; keeps a modest heap for the next call. */
    void reset() {
        live.clear();
        capacity.clear();
        free.clear();
        top = BASE;
        if (heap.length > 1 << 20) {
            heap = new byte[4096];
        }
    }

    /** Bytes currently carved out of the heap. */
    long used() {
        return top - BASE;
    }

    private void check(String operation, long offset, long length) {
        if (offset < BASE || offset + length > top || offset + length < offset) {
            throw new AbiViolation(operation, "offset " + offset + " (+" + length
                    + " bytes) is outside the plugin's Extism memory [" + BASE + ", " + top + ")");
        }
    }

    private void ensureHeap(long size) {
        if (size > heap.length) {
            long grown = Math.max(size, Math.min((long) heap.length * 2, limit));
            heap = Arrays.copyOf(heap, (int) Math.min(grown, Integer.MAX_VALUE - 8));
        }
    }

    private static long roundUp(long length) {
        return (length + ALIGN - 1) & -ALIGN;
    }
}
