package dev.plinth.abi;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.DataSegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The linear memory that holds an instance's Extism blocks ({@link ExtismMemory} lays them out,
 * {@link KernelHeader}), which modules whose kernel functions were inlined get as their kernel
 * memory: every module of the plugin instance is handed this one object. One flat array, read and
 * written little-endian as the old host heap was, so an inlined load costs an array access. Only
 * the host sizes and clears it: a {@code memory.grow} of it is refused, and the zeroing and data
 * segments an instance applies to the memories it defines when it is initialized are ignored (the
 * host zeroes the blocks itself, between calls and at {@code reset}; no data segment can name it).
 * Its array may be replaced by a small one between calls, so a call that once used a lot does not
 * keep it. The inlined functions only reach addresses below the memory in use, so an access out of
 * its array is a host bug and fails as Java's {@link IndexOutOfBoundsException}.
 */
final class KernelMemory implements Memory {
    static final int PAGE = 65536;
    /** The most pages: Chicory's memories count their bytes in an int. */
    static final int MAX_PAGES = 32767;

    private static final VarHandle SHORT = view(short[].class);
    private static final VarHandle INT = view(int[].class);
    private static final VarHandle LONG = view(long[].class);
    private static final VarHandle FLOAT = view(float[].class);
    private static final VarHandle DOUBLE = view(double[].class);

    private byte[] bytes = new byte[PAGE];

    private static VarHandle view(Class<?> array) {
        return MethodHandles.byteArrayViewVarHandle(array, ByteOrder.LITTLE_ENDIAN);
    }

    /** Makes the first {@code size} addresses usable, keeping what they hold; whole pages, doubling. */
    void ensure(long size) {
        if (size <= bytes.length) {
            return;
        }
        if (size > (long) MAX_PAGES * PAGE) {
            throw new IllegalStateException("kernel memory of " + size + " bytes asked for");
        }
        long grown = Math.min((long) MAX_PAGES * PAGE, Math.max(size, 2L * bytes.length));
        bytes = Arrays.copyOf(bytes, (int) ((grown + PAGE - 1) / PAGE * PAGE));
    }

    /** The bytes it holds. */
    long capacity() {
        return bytes.length;
    }

    /** Lets its bytes go: the memory is one zeroed page again. */
    void shrink() {
        bytes = new byte[PAGE];
    }

    @Override
    public int grow(int count) {
        return -1;
    }

    @Override
    public void zero() {
        // the host zeroes what it handed out; an instance's initialization must not clear the header
    }

    @Override
    public void initialize(Instance instance, DataSegment[] segments) {
        // no data segment names the kernel memory: the inliner leaves a module that would alone
    }

    @Override
    public void initialize(Instance instance, DataSegment[] segments, int memoryIndex) {
        // as above
    }

    @Override
    public void initPassiveSegment(int segment, int to, int from, int length) {
        throw new UnsupportedOperationException("no instruction of a guest names the kernel memory");
    }

    @Override
    public void drop(int segment) {
        // no data segment belongs to it
    }

    @Override
    public int pages() {
        return bytes.length / PAGE;
    }

    @Override
    public int initialPages() {
        return 1;
    }

    @Override
    public int maximumPages() {
        return MAX_PAGES;
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public Object lock(int address) {
        throw new UnsupportedOperationException("the kernel memory is not shared");
    }

    @Override
    public int waitOn(int address, int expected, long timeout) {
        throw new UnsupportedOperationException("the kernel memory is not shared");
    }

    @Override
    public int waitOn(int address, long expected, long timeout) {
        throw new UnsupportedOperationException("the kernel memory is not shared");
    }

    @Override
    public int notify(int address, int count) {
        return 0;
    }

    @Override
    public void write(int address, byte[] data, int offset, int length) {
        System.arraycopy(data, offset, bytes, address, length);
    }

    @Override
    public byte read(int address) {
        return bytes[address];
    }

    @Override
    public byte[] readBytes(int address, int length) {
        return Arrays.copyOfRange(bytes, address, Math.addExact(address, length));
    }

    @Override
    public void writeI32(int address, int value) {
        INT.set(bytes, address, value);
    }

    @Override
    public int readInt(int address) {
        return (int) INT.get(bytes, address);
    }

    @Override
    public void writeLong(int address, long value) {
        LONG.set(bytes, address, value);
    }

    @Override
    public long readLong(int address) {
        return (long) LONG.get(bytes, address);
    }

    @Override
    public void writeShort(int address, short value) {
        SHORT.set(bytes, address, value);
    }

    @Override
    public short readShort(int address) {
        return (short) SHORT.get(bytes, address);
    }

    @Override
    public long readU16(int address) {
        return Short.toUnsignedLong(readShort(address));
    }

    @Override
    public void writeByte(int address, byte value) {
        bytes[address] = value;
    }

    @Override
    public void writeF32(int address, float value) {
        FLOAT.set(bytes, address, value);
    }

    @Override
    public long readF32(int address) {
        return readInt(address);
    }

    @Override
    public float readFloat(int address) {
        return (float) FLOAT.get(bytes, address);
    }

    @Override
    public void writeF64(int address, double value) {
        DOUBLE.set(bytes, address, value);
    }

    @Override
    public double readDouble(int address) {
        return (double) DOUBLE.get(bytes, address);
    }

    @Override
    public long readF64(int address) {
        return readLong(address);
    }

    @Override
    public void fill(byte value, int from, int to) {
        Arrays.fill(bytes, from, to, value);
    }
}
