package dev.plinth.sandbox.fs;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Counts the files and directories a {@link QuotaDirectory} holds, from what was there when it was
 * mounted, and refuses the creation of one more past its quota ({@code EDQUOT} in WASI, like a
 * write over the byte quota) with a report. Mounts without one count nothing.
 */
final class EntryQuota {
    private static final EntryQuota UNLIMITED = new EntryQuota(Long.MAX_VALUE, 0, "", message -> { });

    private final long max;
    private final String name;
    private final Consumer<String> refusals;
    private final AtomicLong held;

    EntryQuota(long max, long held, String name, Consumer<String> refusals) {
        this.max = max;
        this.name = name;
        this.refusals = refusals;
        this.held = new AtomicLong(held);
    }

    static EntryQuota unlimited() {
        return UNLIMITED;
    }

    /** How many files and directories are held now. */
    long held() {
        return held.get();
    }

    /**
     * Takes room for one new file or directory, or refuses it.
     *
     * @param where the operation and guest path, for the refusal's message
     * @throws WriteQuotaExceededException when the quota is reached
     */
    void reserve(String where) {
        if (this == UNLIMITED) {
            return;
        }
        while (true) {
            long now = held.get();
            if (now >= max) {
                String message = where + ": quota of " + max + " files and directories of " + name + " reached";
                refusals.accept(message);
                throw new WriteQuotaExceededException(message);
            }
            if (held.compareAndSet(now, now + 1)) {
                return;
            }
        }
    }

    /** One file or directory fewer (removed, replaced, or a reservation that created nothing). */
    void release() {
        if (this != UNLIMITED) {
            held.updateAndGet(now -> Math.max(0, now - 1));
        }
    }
}
