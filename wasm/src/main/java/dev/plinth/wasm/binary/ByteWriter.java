package dev.plinth.wasm.binary;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer that writes bytes and LEB128 numbers as the WebAssembly binary format does. */
public final class ByteWriter {
    private byte[] buffer;
    private int size;

    public ByteWriter() {
        this(256);
    }

    public ByteWriter(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    public int size() {
        return size;
    }

    public ByteWriter u8(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    /** Copies {@code bytes[from, to)}. */
    public ByteWriter bytes(byte[] bytes, int from, int to) {
        int length = to - from;
        ensure(length);
        System.arraycopy(bytes, from, buffer, size, length);
        size += length;
        return this;
    }

    public ByteWriter bytes(byte[] bytes) {
        return bytes(bytes, 0, bytes.length);
    }

    /** An unsigned LEB128 number; {@code value} is read as unsigned. */
    public ByteWriter u32(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("not an unsigned 32-bit value: " + value);
        }
        long rest = value;
        do {
            int b = (int) (rest & 0x7F);
            rest >>>= 7;
            u8(rest == 0 ? b : b | 0x80);
        } while (rest != 0);
        return this;
    }

    /** A signed LEB128 number (any width up to 64 bits), in the fewest bytes. */
    public ByteWriter s64(long value) {
        long rest = value;
        while (true) {
            int b = (int) (rest & 0x7F);
            rest >>= 7;
            boolean done = (rest == 0 && (b & 0x40) == 0) || (rest == -1 && (b & 0x40) != 0);
            u8(done ? b : b | 0x80);
            if (done) {
                return this;
            }
        }
    }

    /** A length-prefixed UTF-8 name. */
    public ByteWriter name(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        u32(utf8.length);
        return bytes(utf8);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int extra) {
        if (size + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
        }
    }
}
