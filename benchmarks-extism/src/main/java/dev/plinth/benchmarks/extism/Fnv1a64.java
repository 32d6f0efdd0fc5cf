package dev.plinth.benchmarks.extism;

/** FNV-1a, 64 bits, as the checksum plugin computes it: the reference its answers are checked against. */
final class Fnv1a64 {
    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private Fnv1a64() {
    }

    /** The hash of {@code bytes} as 16 lower-case hex digits, the plugin's output format. */
    static String hex(byte[] bytes) {
        long hash = OFFSET_BASIS;
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= PRIME;
        }
        return String.format("%016x", hash);
    }
}
