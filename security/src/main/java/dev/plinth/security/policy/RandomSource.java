package dev.plinth.security.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a WASI plugin's {@code random_get} bytes come from. Not granted ({@link #SEEDED}), each
 * instance gets the same fixed-seed sequence: runs are reproducible and nothing about the host
 * leaks, but the bytes are predictable, so a plugin that makes keys or tokens needs
 * {@link #SECURE}, the host's {@link java.security.SecureRandom}.
 */
public enum RandomSource {
    /** A fixed-seed generator per instance: the same bytes on every run. */
    SEEDED,
    /** The host's {@link java.security.SecureRandom}. */
    SECURE;

    /** The word a policy file uses: {@code seeded} or {@code secure}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a policy file's word.
     *
     * @throws IllegalArgumentException naming the words accepted
     */
    public static RandomSource parse(String text) {
        return Arrays.stream(values()).filter(v -> v.key().equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("\"" + text + "\" is not a random source; use "
                        + Arrays.stream(values()).map(v -> "\"" + v.key() + "\"").collect(Collectors.joining(" or "))));
    }

    /** The more generous of two grants. */
    RandomSource or(RandomSource other) {
        return this == SECURE || other == SECURE ? SECURE : SEEDED;
    }
}
