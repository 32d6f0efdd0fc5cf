package dev.plinth.api.kv;

import dev.plinth.api.unit.DataSize;

/**
 * How much a plugin may keep in its key-value store: asked in {@code plugin.toml}
 * ({@code [permissions] kv = { max-keys = 1000, max-value-size = "64KB", ... }}), capped by what the
 * operator grants. Each bound is checked before a write; a write over one is refused with an error
 * the plugin can read, and audited.
 *
 * @param maxKeys the most entries
 * @param maxKeyBytes the longest key, in UTF-8 bytes
 * @param maxValueBytes the largest value
 * @param maxTotalBytes the most bytes of keys and values together
 */
public record KvQuota(long maxKeys, long maxKeyBytes, long maxValueBytes, long maxTotalBytes) {
    /** What a bound not written is: 1,000 keys of at most 256 bytes, values of 64 KiB, 1 MiB in all. */
    public static final KvQuota DEFAULTS = new KvQuota(1_000, 256, 64 * 1024, 1024 * 1024);
    /** The longest key any quota allows: keys are short names, not data. */
    public static final long MAX_KEY_BYTES = 1024;

    public KvQuota {
        positive("max-keys", maxKeys);
        positive("max-key-size", maxKeyBytes);
        positive("max-value-size", maxValueBytes);
        positive("max-total-size", maxTotalBytes);
        if (maxKeyBytes > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("max-key-size must be at most " + MAX_KEY_BYTES + " bytes, was "
                    + maxKeyBytes);
        }
        if (maxValueBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("max-value-size must be under 2GB, was " + maxValueBytes);
        }
    }

    /** Each bound the smaller of this quota's and {@code other}'s. */
    public KvQuota cappedBy(KvQuota other) {
        return new KvQuota(Math.min(maxKeys, other.maxKeys), Math.min(maxKeyBytes, other.maxKeyBytes),
                Math.min(maxValueBytes, other.maxValueBytes), Math.min(maxTotalBytes, other.maxTotalBytes));
    }

    /** {@code 1000 keys, keys of 256B, values of 64KB, 1MB in all}. */
    @Override
    public String toString() {
        return maxKeys + " keys, keys of " + DataSize.ofBytes(maxKeyBytes) + ", values of "
                + DataSize.ofBytes(maxValueBytes) + ", " + DataSize.ofBytes(maxTotalBytes) + " in all";
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
