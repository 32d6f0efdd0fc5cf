package dev.plinth.api.kv;

/**
 * What one plugin holds in a {@link KeyValueStore}: entries and bytes, the figures its quota caps.
 *
 * @param keys how many entries
 * @param bytes the bytes of its keys (UTF-8) and values together
 */
public record KvUsage(long keys, long bytes) {
    /** Nothing stored. */
    public static final KvUsage EMPTY = new KvUsage(0, 0);

    public KvUsage {
        if (keys < 0 || bytes < 0) {
            throw new IllegalArgumentException("usage cannot be negative: " + keys + " keys, " + bytes + " bytes");
        }
    }
}
