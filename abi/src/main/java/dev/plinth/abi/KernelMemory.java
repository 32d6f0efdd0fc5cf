package dev.plinth.abi;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;

/**
 * The linear memory that holds an instance's Extism blocks ({@link ExtismMemory} lays them out,
 * {@link KernelHeader}), which modules whose kernel functions were inlined get as their kernel
 * memory: every module of the plugin instance is handed this one object. Only the host sizes and
 * clears it: a {@code memory.grow} of it is refused, and the zeroing and data segments an instance
 * applies to the memories it defines when it is initialized are ignored (the host zeroes the blocks
 * itself, between calls and at {@code reset}; no data segment can name it). Its pages may be
 * replaced by a smaller set between calls, so a call that once used a lot does not keep it.
 */
final class KernelMemory implements Memory {
    static final int PAGE = 65536;
    /** The most pages: Chicory's memories count their bytes in an int. */
    static final int MAX_PAGES = 32767;
    private static final int FIRST_MAXIMUM = 16;

    private ByteArrayMemory pages = fresh(FIRST_MAXIMUM);

    private static ByteArrayMemory fresh(int maximum) {
        return new ByteArrayMemory(new MemoryLimits(1, maximum));
    }

    /** Makes the first {@code bytes} addresses usable, keeping what they hold. */
    void ensure(long bytes) {
        long needed = (bytes + PAGE - 1) / PAGE;
        if (needed <= pages.pages()) {
            return;
        }
        if (needed > MAX_PAGES) {
            throw new IllegalStateException("kernel memory of " + bytes + " bytes asked for");
        }
        if (needed > pages.maximumPages()) {
            ByteArrayMemory larger = fresh((int) Math.min(MAX_PAGES, Math.max(needed, 2L * pages.maximumPages())));
            larger.grow(pages.pages() - 1);
            int size = pages.pages() * PAGE;
            for (int at = 0; at < size; at += PAGE) {
                larger.write(at, pages.readBytes(at, PAGE), 0, PAGE);
            }
            pages = larger;
        }
        pages.grow((int) needed - pages.pages());
    }

    /** The bytes its pages hold. */
    long capacity() {
        return (long) pages.pages() * PAGE;
    }

    /** Lets every page go: the memory is one zeroed page again. */
    void shrink() {
        pages = fresh(FIRST_MAXIMUM);
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
    public int pages() {
        return pages.pages();
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
        return pages.lock(address);
    }

    @Override
    public int waitOn(int address, int expected, long timeout) {
        return pages.waitOn(address, expected, timeout);
    }

    @Override
    public int waitOn(int address, long expected, long timeout) {
        return pages.waitOn(address, expected, timeout);
    }

    @Override
    public int notify(int address, int count) {
        return pages.notify(address, count);
    }

    @Override
    public void write(int address, byte[] data, int offset, int length) {
        pages.write(address, data, offset, length);
    }

    @Override
    public byte read(int address) {
        return pages.read(address);
    }

    @Override
    public byte[] readBytes(int address, int length) {
        return pages.readBytes(address, length);
    }

    @Override
    public void writeI32(int address, int value) {
        pages.writeI32(address, value);
    }

    @Override
    public int readInt(int address) {
        return pages.readInt(address);
    }

    @Override
    public void writeLong(int address, long value) {
        pages.writeLong(address, value);
    }

    @Override
    public long readLong(int address) {
        return pages.readLong(address);
    }

    @Override
    public void writeShort(int address, short value) {
        pages.writeShort(address, value);
    }

    @Override
    public short readShort(int address) {
        return pages.readShort(address);
    }

    @Override
    public long readU16(int address) {
        return pages.readU16(address);
    }

    @Override
    public void writeByte(int address, byte value) {
        pages.writeByte(address, value);
    }

    @Override
    public void writeF32(int address, float value) {
        pages.writeF32(address, value);
    }

    @Override
    public long readF32(int address) {
        return pages.readF32(address);
    }

    @Override
    public float readFloat(int address) {
        return pages.readFloat(address);
    }

    @Override
    public void writeF64(int address, double value) {
        pages.writeF64(address, value);
    }

    @Override
    public double readDouble(int address) {
        return pages.readDouble(address);
    }

    @Override
    public long readF64(int address) {
        return pages.readF64(address);
    }

    @Override
    public void fill(byte value, int from, int to) {
        pages.fill(value, from, to);
    }

    @Override
    public void drop(int segment) {
        // no data segment belongs to it
    }
}
