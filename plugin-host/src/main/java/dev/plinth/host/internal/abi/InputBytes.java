package dev.plinth.host.internal.abi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian reads from a byte array, as wasm expects. */
final class InputBytes {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private InputBytes() {
    }

    static long longAt(byte[] bytes, int offset) {
        return (long) LONGS.get(bytes, offset);
    }
}
