package dev.plinth.host.internal.pool;

import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.plinth.api.error.MemoryLimitException;

/**
 * The linear memory of one plugin instance against the plugin's memory limit: every memory that
 * any of its modules declares counts, together, so that a plugin cannot have more memory by
 * spreading it over several memories or modules (a memory a module imports from another is that
 * one memory, counted once). Extism's memory limiter counts a store's memories together the same
 * way. Used by one thread at a time, as its instance is.
 */
final class MemoryBudget {
    private final int limitPages;
    private int usedPages;
    private int ownMaximumPages;
    private int refusedTargetPages = -1;
    private int refusedLimitPages = -1;

    /** @param limitPages the plugin's memory limit, in 64 KiB pages */
    MemoryBudget(int limitPages) {
        this.limitPages = limitPages;
    }

    /**
     * The limits a memory declared with {@code declared} gets: its own minimum, and the smaller of
     * its own maximum and the plugin's limit; not shared, as before (a shared memory would let
     * {@code memory.atomic.wait} block the calling thread).
     */
    MemoryLimits limitsFor(MemoryLimits declared) {
        int max = Math.min(limitPages, declared.maximumPages());
        return new MemoryLimits(declared.initialPages(), Math.max(max, declared.initialPages()));
    }

    /**
     * A new memory of {@code initialPages} and at most {@code maximumPages}.
     *
     * @throws MemoryLimitException when the memories made so far and this one start with more than the limit
     */
    void created(int initialPages, int maximumPages) {
        if ((long) usedPages + initialPages > limitPages) {
            throw new MemoryLimitException("the memories of the plugin's modules start with "
                    + ((long) usedPages + initialPages) + " pages together, more than its memory limit of " + limitPages
                    + " pages");
        }
        usedPages += initialPages;
        ownMaximumPages = (int) Math.min(Integer.MAX_VALUE, (long) ownMaximumPages + maximumPages);
    }

    /** Whether the memories may grow by {@code pages} together; a refusal is remembered. */
    boolean mayGrow(int pages) {
        if (pages >= 0 && (long) usedPages + pages <= limitPages) {
            return true;
        }
        refused(pages < 0 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, (long) usedPages + pages),
                limitPages);
        return false;
    }

    void grew(int pages) {
        usedPages += pages;
    }

    /** A growth refused: to {@code targetPages}, over {@code limitPages} (the plugin's limit or a memory's own maximum). */
    void refused(int targetPages, int limitPages) {
        refusedTargetPages = targetPages;
        refusedLimitPages = limitPages;
    }

    void forgetRefusals() {
        refusedTargetPages = -1;
        refusedLimitPages = -1;
    }

    /** Pages in use by all the memories together. */
    int usedPages() {
        return usedPages;
    }

    /** The most pages the memories may have together: the limit, or less when their own maxima are lower. */
    int maximumPages() {
        return Math.min(limitPages, ownMaximumPages);
    }

    /** The pages a refused growth would have led to since {@link #forgetRefusals()}, or -1. */
    int refusedTargetPages() {
        return refusedTargetPages;
    }

    /** The limit that refused it, in pages, or -1. */
    int refusedLimitPages() {
        return refusedLimitPages;
    }
}
