package dev.plinth.component.value;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * The elements of a {@code list<u8>} held as one byte array rather than one boxed {@link Value.U8} each: what
 * lifting a byte list from guest memory and reading base64 JSON make. Immutable; its elements are made on access
 * and equal to the boxed ones, so a list of either kind equals the other.
 */
final class ByteList extends AbstractList<Value> implements RandomAccess {
    private final byte[] bytes;

    ByteList(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    @Override
    public Value get(int index) {
        return new Value.U8(bytes[index] & 0xFF);
    }

    @Override
    public int size() {
        return bytes.length;
    }

    byte[] bytes() {
        return bytes.clone();
    }
}
