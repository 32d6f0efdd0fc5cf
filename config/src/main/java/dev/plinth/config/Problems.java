package dev.plinth.config;

import dev.plinth.api.error.InvalidManifestException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The problems found while reading one document. Each independent part is read through
 * {@link #read}: a part that fails is noted and stands in with a fallback, so that the rest is
 * still read and every problem is reported at once by {@link #throwIfAny()}.
 */
final class Problems {
    private final List<InvalidManifestException> found = new ArrayList<>();

    /** The value {@code part} reads, or {@code fallback} when it fails (the failure is noted). */
    <T> T read(Supplier<T> part, T fallback) {
        try {
            return part.get();
        } catch (InvalidManifestException e) {
            found.add(e);
            return fallback;
        }
    }

    /** Runs a check; a failure is noted. */
    void check(Runnable check) {
        read(() -> {
            check.run();
            return null;
        }, null);
    }

    /** Notes a problem found without an exception being thrown. */
    void add(InvalidManifestException problem) {
        found.add(problem);
    }

    boolean any() {
        return !found.isEmpty();
    }

    /** Throws every problem noted, as one exception; does nothing when there is none. */
    void throwIfAny() {
        if (!found.isEmpty()) {
            throw InvalidManifestException.combine(found);
        }
    }
}
