package dev.plinth.wasm.binary;

import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked cursor over a slice of a WebAssembly binary that reads bytes and LEB128
 * numbers as the binary format encodes them. Every failure is a {@link MalformedWasmException}
 * naming the offset; nothing is read past the slice.
 */
public final class ByteReader {
    private final byte[] bytes;
    private final int end;
    private int position;

    /** A reader over {@code bytes[start, end)}, positioned at {@code start}. */
    public ByteReader(byte[] bytes, int start, int end) {
        if (start < 0 || end > bytes.length || start > end) {
            throw new MalformedWasmException("slice [" + start + ", " + end + ") is outside " + bytes.length
                    + " bytes");
        }
        this.bytes = bytes;
        this.position = start;
        this.end = end;
    }

    /** A reader over the whole array. */
    public ByteReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    /** The array this reader reads; offsets are absolute in it. */
    public byte[] bytes() {
        return bytes;
    }

    public int position() {
        return position;
    }

    public int end() {
        return end;
    }

    public boolean atEnd() {
        return position == end;
    }

    public int remaining() {
        return end - position;
    }

    /** One unsigned byte. */
    public int u8() {
        require(1);
        return bytes[position++] & 0xFF;
    }

    /** The next unsigned byte, not consumed. */
    public int peekU8() {
        require(1);
        return bytes[position] & 0xFF;
    }

    /** Skips {@code count} bytes. */
    public void skip(int count) {
        require(count);
        position += count;
    }

    /** Positions the reader at {@code offset}, which must lie inside the slice or at its end. */
    public void seek(int offset) {
        if (offset < 0 || offset > end) {
            throw new MalformedWasmException("offset " + offset + " is outside the slice ending at " + end);
        }
        position = offset;
    }

    /** An unsigned 32-bit LEB128 number (at most 5 bytes), as a non-negative long. */
    public long u32() {
        return unsigned(32);
    }

    /**
     * An unsigned 32-bit LEB128 number used as a count, index or length, which this reader requires
     * to fit in an int (no real module comes near 2^31 of anything).
     */
    public int index() {
        int at = position;
        long value = u32();
        if (value > Integer.MAX_VALUE) {
            throw new MalformedWasmException("value " + value + " at offset " + at + " is too large");
        }
        return (int) value;
    }

    /** A signed 32-bit LEB128 number (at most 5 bytes). */
    public int s32() {
        return (int) signed(32);
    }

    /** A signed 33-bit LEB128 number (block types, heap types; at most 5 bytes). */
    public long s33() {
        return signed(33);
    }

    /** A signed 64-bit LEB128 number (at most 10 bytes). */
    public long s64() {
        return signed(64);
    }

    /** A length-prefixed UTF-8 name, decoded leniently. */
    public String name() {
        int length = index();
        require(length);
        String name = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return name;
    }

    private long unsigned(int bits) {
        int start = position;
        long result = 0;
        int shift = 0;
        while (true) {
            int b = u8();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                // The last byte may not set bits beyond the width of the number.
                if (shift + 7 > bits && (b >>> (bits - shift)) != 0) {
                    throw new MalformedWasmException("LEB128 number at offset " + start + " exceeds " + bits
                            + " bits");
                }
                return result;
            }
            shift += 7;
            if (shift >= bits) {
                throw new MalformedWasmException("LEB128 number at offset " + start + " is longer than "
                        + maxLength(bits) + " bytes");
            }
        }
    }

    private long signed(int bits) {
        int start = position;
        long result = 0;
        int shift = 0;
        while (true) {
            int b = u8();
            if (shift < 64) {
                result |= (long) (b & 0x7F) << shift;
            }
            shift += 7;
            if ((b & 0x80) == 0) {
                if (shift >= bits) {
                    // The unused high bits of the last byte must repeat the sign bit.
                    int used = bits - (shift - 7);
                    int rest = (b & 0x7F) >> (used - 1);
                    if (rest != 0 && rest != (0x7F >> (used - 1))) {
                        throw new MalformedWasmException("LEB128 number at offset " + start + " exceeds "
                                + bits + " bits");
                    }
                }
                if (shift < 64 && (b & 0x40) != 0) {
                    result |= -1L << shift;
                }
                return result;
            }
            if (shift >= bits) {
                throw new MalformedWasmException("LEB128 number at offset " + start + " is longer than "
                        + maxLength(bits) + " bytes");
            }
        }
    }

    private static int maxLength(int bits) {
        return (bits + 6) / 7;
    }

    private void require(int count) {
        if (count < 0 || count > end - position) {
            throw new MalformedWasmException("unexpected end at offset " + position + " (needed " + count
                    + " more bytes, " + (end - position) + " left)");
        }
    }
}
