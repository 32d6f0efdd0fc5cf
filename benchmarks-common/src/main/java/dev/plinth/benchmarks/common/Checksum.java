package dev.plinth.benchmarks.common;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The two steps of the checksum plugin ({@code sample-plugins/bench/checksum}) in plain Java:
 * xorshift64 bytes and the FNV-1a 64-bit hash. The Java side of the compute comparison, and the
 * input and reference answer every host's compute benchmark is checked against.
 */
public final class Checksum {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x00000100000001b3L;
    private static final long SEED = 42;

    private Checksum() {
    }

    /**
     * {@code n} bytes from xorshift64 (13, 7, 17; seed 42): eight little-endian bytes per step,
     * the last step's bytes cut off at {@code n}, like the plugin's {@code generate}.
     */
    public static byte[] generate(int n) {
        byte[] out = new byte[n];
        ByteBuffer words = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        long state = SEED;
        int full = n - n % Long.BYTES;
        for (int at = 0; at < n; at += Long.BYTES) {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            if (at < full) {
                words.putLong(at, state);
            } else {
                for (int i = at; i < n; i++) {
                    out[i] = (byte) (state >>> (8 * (i - at)));
                }
            }
        }
        return out;
    }

    /** FNV-1a, 64 bits, one byte at a time. */
    public static long fnv1a64(byte[] bytes) {
        long hash = FNV_OFFSET;
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        return hash;
    }

    /** The hash as the plugin returns it: 16 lower-case hex digits. */
    public static String hex(long hash) {
        return String.format("%016x", hash);
    }
}
