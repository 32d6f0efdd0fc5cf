package dev.plinth.host.internal.stats;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The latencies of the latest calls, up to a fixed number, as a histogram for percentiles.
 * Log-linear buckets (16 per power of two) place any value within 6.25% of its size, from
 * nanoseconds up to about 18 minutes (larger values land in the last bucket); a percentile is
 * reported as the upper bound of its bucket, so it errs on the slow side. A ring remembers the
 * bucket of each of the latest calls, so that the call a new one replaces leaves the histogram.
 * Thread-safe and lock-free: recording is four atomic operations.
 */
public final class LatencyWindow {
    private static final int SUB_BITS = 4;
    private static final int SUB_BUCKETS = 1 << SUB_BITS;
    private static final int MAX_MSB = 40;
    static final int SIZE = (MAX_MSB - SUB_BITS + 2) * SUB_BUCKETS;

    private final AtomicLongArray counts = new AtomicLongArray(SIZE);
    /** The bucket of each of the latest calls, plus one; 0 for a slot not used yet. */
    private final AtomicIntegerArray ring;
    private final AtomicLong next = new AtomicLong();

    /** @param capacity how many of the latest calls the window holds */
    public LatencyWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.ring = new AtomicIntegerArray(capacity);
    }

    public void record(long nanos) {
        int bucket = indexOf(nanos);
        int slot = (int) (next.getAndIncrement() % ring.length());
        int replaced = ring.getAndSet(slot, bucket + 1);
        counts.incrementAndGet(bucket);
        if (replaced != 0) {
            counts.decrementAndGet(replaced - 1);
        }
    }

    /**
     * For each quantile, in nanoseconds, the latency below which that share of the window's calls
     * fall; zero when the window is empty. All are read from one copy of the histogram.
     *
     * @param quantiles each between 0 and 1, for example 0.99
     */
    public long[] percentiles(double... quantiles) {
        for (double quantile : quantiles) {
            if (!(quantile >= 0 && quantile <= 1)) {
                throw new IllegalArgumentException("quantile must be within 0..1, was " + quantile);
            }
        }
        long[] copy = new long[SIZE];
        long total = 0;
        for (int i = 0; i < SIZE; i++) {
            // a count may be a moment below zero while a call replaces one that is still being recorded
            copy[i] = Math.max(0, counts.get(i));
            total += copy[i];
        }
        long[] result = new long[quantiles.length];
        if (total == 0) {
            return result;
        }
        for (int q = 0; q < quantiles.length; q++) {
            result[q] = upperBound(bucketOf(copy, Math.max(1, (long) Math.ceil(quantiles[q] * total))));
        }
        return result;
    }

    /** The bucket that holds the value of rank {@code rank} (from 1) in {@code counts}. */
    private static int bucketOf(long[] counts, long rank) {
        long seen = 0;
        for (int i = 0; i < SIZE; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i;
            }
        }
        return SIZE - 1;
    }

    static int indexOf(long nanos) {
        long value = Math.max(0, nanos);
        if (value < SUB_BUCKETS) {
            return (int) value;
        }
        int msb = 63 - Long.numberOfLeadingZeros(value);
        if (msb > MAX_MSB) {
            return SIZE - 1;
        }
        int sub = (int) ((value >>> (msb - SUB_BITS)) & (SUB_BUCKETS - 1));
        return (msb - SUB_BITS + 1) * SUB_BUCKETS + sub;
    }

    static long upperBound(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int msb = index / SUB_BUCKETS + SUB_BITS - 1;
        int sub = index % SUB_BUCKETS;
        long lower = ((long) (SUB_BUCKETS + sub)) << (msb - SUB_BITS);
        return lower + (1L << (msb - SUB_BITS)) - 1;
    }
}
