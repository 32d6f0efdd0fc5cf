package dev.plinth.security.policy;

/**
 * What a WASI plugin's clocks read. Not granted ({@link #FROZEN}), every clock reads zero: the
 * plugin cannot time anything, so it cannot measure the host (a timing side channel) and its
 * output does not depend on when it ran. {@link #REAL} gives it the host's wall and monotonic clocks.
 */
public enum ClockAccess {
    /** Every clock reads 0 (the wall clock the Unix epoch). */
    FROZEN,
    /** The host's wall-clock time and monotonic clock. */
    REAL;

    /** The word a policy file uses: {@code frozen} or {@code real}. */
    public String key() {
        return PolicyWords.key(this);
    }

    /**
     * Reads a policy file's word.
     *
     * @throws IllegalArgumentException naming the words accepted
     */
    public static ClockAccess parse(String text) {
        return PolicyWords.parse(values(), text, "a clock access");
    }

    /** The more generous of two grants. */
    ClockAccess or(ClockAccess other) {
        return this == REAL || other == REAL ? REAL : FROZEN;
    }
}
