package dev.plinth.api;

/** Checks shared by the limit records. */
final class Limits {
    private Limits() {
    }

    static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
