package dev.plinth.benchmarks.extism;

/**
 * The compute benchmark's data: bytes from xorshift64 (shifts 13, 7, 17; seed 42), eight
 * little-endian bytes per step, the last partial word truncated. The checksum plugin's
 * {@code fnv1a_generated} produces the same bytes inside the sandbox.
 */
final class Xorshift64Bytes {
    private static final long SEED = 42;

    private Xorshift64Bytes() {
    }

    static byte[] generate(int count) {
        byte[] out = new byte[count];
        long state = SEED;
        for (int start = 0; start < count; start += Long.BYTES) {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            int end = Math.min(start + Long.BYTES, count);
            for (int i = start; i < end; i++) {
                out[i] = (byte) (state >>> (8 * (i - start)));
            }
        }
        return out;
    }
}
