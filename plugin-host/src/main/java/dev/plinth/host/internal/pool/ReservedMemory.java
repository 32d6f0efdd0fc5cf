package dev.plinth.host.internal.pool;

import com.dylibso.chicory.runtime.ConstantEvaluators;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A non-shared linear memory in one {@code byte[]} whose capacity is reserved ahead of its size,
 * doubling but never past the memory's maximum: a guest that grows by a page on every call (a PDK's
 * allocator in a pooled instance) costs a copy only when the reserve runs out, once per doubling,
 * so growing to {@code n} bytes copies fewer than {@code n} bytes in all. The array never outgrows
 * the memory's maximum (the plugin's grant), though while it is copied the old one is held too. The
 * size in pages is kept apart
 * from the capacity, and every access is checked against the size, so the reserve cannot be read
 * or written. One array also keeps a large memory out of the young generation's copying (the
 * JVM allocates it as one large object), where Chicory's 64 KiB pages, each its own array, were
 * copied by every young collection while they lived. Accesses are single array reads and writes
 * through little-endian views; atomics use the interface's defaults under {@link #lock}, which is
 * exact for a memory only one thread uses at a time.
 */
final class ReservedMemory implements Memory {
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOATS = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLES = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private final int initialPages;
    private final int maximumPages;
    private final Object monitor = new Object();
    private byte[] bytes;
    private int pages;
    /** {@code pages * PAGE_SIZE}: at most 32767 pages, so it fits an {@code int}. */
    private int size;
    private DataSegment[] segments = new DataSegment[0];

    /** @throws IllegalArgumentException for a shared memory: the host never makes one */
    ReservedMemory(MemoryLimits limits) {
        if (limits.shared()) {
            throw new IllegalArgumentException("a shared memory is not supported here");
        }
        this.initialPages = limits.initialPages();
        this.maximumPages = Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES);
        this.pages = initialPages;
        this.size = initialPages * PAGE_SIZE;
        this.bytes = new byte[size];
    }

    /** The bytes held for this memory, its reserve included: at most its maximum. */
    long capacityBytes() {
        return bytes.length;
    }

    @Override
    public int pages() {
        return pages;
    }

    @Override
    public int grow(int more) {
        int before = pages;
        long after = (long) before + more;
        if (more < 0 || after > maximumPages) {
            return -1;
        }
        int needed = (int) after * PAGE_SIZE;
        if (needed > bytes.length) {
            long doubled = Math.max((long) bytes.length * 2, needed);
            bytes = Arrays.copyOf(bytes, (int) Math.min(doubled, (long) maximumPages * PAGE_SIZE));
        }
        pages = (int) after;
        size = needed;
        return before;
    }

    @Override
    public int initialPages() {
        return initialPages;
    }

    @Override
    public int maximumPages() {
        return maximumPages;
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public Object lock(int address) {
        return monitor;
    }

    @Override
    public int waitOn(int address, int expected, long timeout) {
        throw new ChicoryException("Attempt to wait on a non-shared memory, not supported.");
    }

    @Override
    public int waitOn(int address, long expected, long timeout) {
        throw new ChicoryException("Attempt to wait on a non-shared memory, not supported.");
    }

    /** Nobody can wait on a non-shared memory: no one is woken. */
    @Override
    public int notify(int address, int count) {
        return 0;
    }

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments) {
        initialize(instance, dataSegments, 0);
    }

    /** Writes the active data segments of memory {@code index}; keeps every segment for {@code memory.init}. */
    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments, int index) {
        segments = dataSegments == null ? new DataSegment[0] : dataSegments;
        for (DataSegment segment : segments) {
            if (segment instanceof ActiveDataSegment active) {
                if (active.index() != index) {
                    continue;
                }
                int offset = (int) ConstantEvaluators.computeConstantValue(instance, active.offsetInstructions())[0];
                byte[] data = active.data();
                if (outside(offset, data.length, size)) {
                    throw new UninstantiableException(outOfBounds(offset, data.length, size));
                }
                System.arraycopy(data, 0, bytes, offset, data.length);
            } else if (!(segment instanceof PassiveDataSegment)) {
                throw new ChicoryException("Data segment should be active or passive: " + segment);
            }
        }
    }

    @Override
    public void initPassiveSegment(int segment, int address, int offset, int length) {
        write(address, segments[segment].data(), offset, length);
    }

    @Override
    public void drop(int segment) {
        segments[segment] = PassiveDataSegment.EMPTY;
    }

    @Override
    public void write(int address, byte[] data, int offset, int length) {
        check(offset, length, data.length);
        check(address, length, size);
        System.arraycopy(data, offset, bytes, address, length);
    }

    @Override
    public byte[] readBytes(int address, int length) {
        check(address, length, size);
        return Arrays.copyOfRange(bytes, address, address + length);
    }

    @Override
    public void fill(byte value, int from, int to) {
        check(from, to - from, size);
        Arrays.fill(bytes, from, to, value);
    }

    @Override
    public void copy(int destination, int source, int length) {
        check(destination, length, size);
        check(source, length, size);
        System.arraycopy(bytes, source, bytes, destination, length);
    }

    @Override
    public void zero() {
        Arrays.fill(bytes, 0, size, (byte) 0);
    }

    @Override
    public byte read(int address) {
        access(address, 1);
        return bytes[address];
    }

    @Override
    public void writeByte(int address, byte value) {
        access(address, 1);
        bytes[address] = value;
    }

    @Override
    public short readShort(int address) {
        access(address, 2);
        return (short) SHORTS.get(bytes, address);
    }

    @Override
    public long readU16(int address) {
        return readShort(address) & 0xFFFFL;
    }

    @Override
    public void writeShort(int address, short value) {
        access(address, 2);
        SHORTS.set(bytes, address, value);
    }

    @Override
    public int readInt(int address) {
        access(address, 4);
        return (int) INTS.get(bytes, address);
    }

    @Override
    public void writeI32(int address, int value) {
        access(address, 4);
        INTS.set(bytes, address, value);
    }

    @Override
    public long readLong(int address) {
        access(address, 8);
        return (long) LONGS.get(bytes, address);
    }

    @Override
    public void writeLong(int address, long value) {
        access(address, 8);
        LONGS.set(bytes, address, value);
    }

    @Override
    public float readFloat(int address) {
        access(address, 4);
        return (float) FLOATS.get(bytes, address);
    }

    /** The raw bits of the {@code f32} at {@code address}, sign-extended as Chicory's interpreter expects. */
    @Override
    public long readF32(int address) {
        return readInt(address);
    }

    @Override
    public void writeF32(int address, float value) {
        access(address, 4);
        FLOATS.set(bytes, address, value);
    }

    @Override
    public double readDouble(int address) {
        access(address, 8);
        return (double) DOUBLES.get(bytes, address);
    }

    @Override
    public long readF64(int address) {
        return readLong(address);
    }

    @Override
    public void writeF64(int address, double value) {
        access(address, 8);
        DOUBLES.set(bytes, address, value);
    }

    /** A guest's access of {@code width} bytes: within the size, not merely the capacity. */
    private void access(int address, int width) {
        if (address < 0 || address > size - width) {
            throw new WasmRuntimeException(outOfBounds(address, width, size));
        }
    }

    private static void check(int start, int length, int limit) {
        if (outside(start, length, limit)) {
            throw new WasmRuntimeException(outOfBounds(start, length, limit));
        }
    }

    private static boolean outside(int start, int length, int limit) {
        return start < 0 || length < 0 || (long) start + length > limit;
    }

    private static String outOfBounds(int address, int length, int limit) {
        return "out of bounds memory access: attempted to access address: " + Integer.toUnsignedString(address)
                + " but limit is: " + limit + " and size: " + length;
    }
}
