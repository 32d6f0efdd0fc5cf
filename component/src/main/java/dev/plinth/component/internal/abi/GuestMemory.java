package dev.plinth.component.internal.abi;

import com.dylibso.chicory.runtime.Memory;
import dev.plinth.component.CanonicalAbiException;
import dev.plinth.component.CanonicalAbiException.Violation;

/**
 * A guest's linear memory seen through the canonical ABI: every access is checked first, so a
 * pointer or length the guest gave is an {@link CanonicalAbiException} (out of bounds, misaligned)
 * and never an engine exception. Pointers are unsigned 32-bit values held in longs.
 */
public final class GuestMemory {
    private final Memory memory;

    public GuestMemory(Memory memory) {
        this.memory = memory;
    }

    public long byteSize() {
        return (long) memory.pages() * Memory.PAGE_SIZE;
    }

    /** Checks that {@code [ptr, ptr + length)} lies in memory and {@code ptr} is aligned. */
    public void check(long ptr, long length, int alignment, String what) {
        if (ptr % alignment != 0) {
            throw new CanonicalAbiException(Violation.MISALIGNED, what + " pointer " + ptr
                    + " is not aligned to " + alignment);
        }
        long size = byteSize();
        if (ptr < 0 || length < 0 || ptr > size || length > size - ptr) {
            throw new CanonicalAbiException(Violation.OUT_OF_BOUNDS, what + " [" + ptr + ", " + ptr + " + " + length
                    + ") is outside the guest's memory of " + size + " bytes");
        }
    }

    public int u8(long ptr) {
        return memory.read((int) ptr) & 0xFF;
    }

    public int u16(long ptr) {
        return (int) memory.readU16((int) ptr);
    }

    public int i32(long ptr) {
        return memory.readInt((int) ptr);
    }

    public long i64(long ptr) {
        return memory.readLong((int) ptr);
    }

    public byte[] bytes(long ptr, int length) {
        return memory.readBytes((int) ptr, length);
    }

    public void write8(long ptr, int value) {
        memory.writeByte((int) ptr, (byte) value);
    }

    public void write16(long ptr, int value) {
        memory.writeShort((int) ptr, (short) value);
    }

    public void write32(long ptr, int value) {
        memory.writeI32((int) ptr, value);
    }

    public void write64(long ptr, long value) {
        memory.writeLong((int) ptr, value);
    }

    public void write(long ptr, byte[] bytes) {
        memory.write((int) ptr, bytes);
    }
}
