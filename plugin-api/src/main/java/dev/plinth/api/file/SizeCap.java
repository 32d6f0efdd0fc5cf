package dev.plinth.api.file;

import dev.plinth.api.unit.DataSize;
import java.util.Objects;

/**
 * The most bytes read from one plugin file, with the name of the limit that sets it, so that a
 * refusal says which limit to raise.
 *
 * @param bytes the largest size read, at most {@link #MAX_BYTES}
 * @param limit how the limit is called in messages, e.g. {@code max-module-size}
 */
public record SizeCap(long bytes, String limit) {
    /** The largest array the JVM hands out, less headroom: the most one file can be read into. */
    public static final long MAX_BYTES = Integer.MAX_VALUE - 16;

    public SizeCap {
        Objects.requireNonNull(limit, "limit");
        if (bytes < 0) {
            throw new IllegalArgumentException(limit + " must not be negative, was " + bytes);
        }
        bytes = Math.min(bytes, MAX_BYTES);
    }

    /** {@code max-module-size (32MB)}. */
    public String describe() {
        return limit + " (" + DataSize.ofBytes(bytes) + ")";
    }
}
