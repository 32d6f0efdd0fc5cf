package dev.plinth.abi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian 64-bit reads and writes on byte arrays, as wasm and the Extism ABI expect. */
final class LittleEndian {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {
    }

    static long longAt(byte[] bytes, int offset) {
        return (long) LONGS.get(bytes, offset);
    }

    static void putLong(byte[] bytes, int offset, long value) {
        LONGS.set(bytes, offset, value);
    }
}
