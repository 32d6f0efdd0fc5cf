package dev.plinth.reload.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free histogram of call latencies for percentiles: log-linear buckets (16 per power of
 * two), so any value is placed within 6.25% of its size, from nanoseconds up to about 18 minutes
 * (larger values land in the last bucket). A percentile is reported as the upper bound of its
 * bucket, so it errs on the slow side. Thread-safe; recording is one atomic increment.
 */
public final class LatencyHistogram {
    private static final int SUB_BITS = 4;
    private static final int SUB_BUCKETS = 1 << SUB_BITS;
    private static final int MAX_MSB = 40;
    private static final int SIZE = (MAX_MSB - SUB_BITS + 2) * SUB_BUCKETS;

    private final AtomicLongArray counts = new AtomicLongArray(SIZE);

    public void record(long nanos) {
        counts.incrementAndGet(indexOf(nanos));
    }

    /**
     * The latency below which {@code quantile} of the recorded values fall, or zero when nothing
     * was recorded.
     *
     * @param quantile between 0 and 1, for example 0.99
     */
    public Duration percentile(double quantile) {
        if (quantile < 0 || quantile > 1) {
            throw new IllegalArgumentException("quantile must be within 0..1, was " + quantile);
        }
        long[] snapshot = new long[SIZE];
        long total = 0;
        for (int i = 0; i < SIZE; i++) {
            snapshot[i] = counts.get(i);
            total += snapshot[i];
        }
        if (total == 0) {
            return Duration.ZERO;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * total));
        long seen = 0;
        for (int i = 0; i < SIZE; i++) {
            seen += snapshot[i];
            if (seen >= rank) {
                return Duration.ofNanos(upperBound(i));
            }
        }
        return Duration.ofNanos(upperBound(SIZE - 1));
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
