package dev.plinth.security.policy;

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
        return PolicyWords.key(this);
    }

    /**
     * Reads a policy file's word.
     *
     * @throws IllegalArgumentException naming the words accepted
     */
    public static RandomSource parse(String text) {
        return PolicyWords.parse(values(), text, "a random source");
    }

    /** The more generous of two grants. */
    RandomSource or(RandomSource other) {
        return this == SECURE || other == SECURE ? SECURE : SEEDED;
    }
}
