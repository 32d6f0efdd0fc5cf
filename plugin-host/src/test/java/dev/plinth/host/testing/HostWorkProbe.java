package dev.plinth.host.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Measures what an attack cost the host: how long the call ran past its deadline and the peak heap
 * while it ran (the sum of every heap pool's peak since the probe started, so it is an upper bound
 * on what the attack itself held). Tests print the figures and bound them generously; the issue
 * notes quote them.
 */
public final class HostWorkProbe {
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .toList();

    /** What one measured call did and cost. */
    public record Figures(String attack, Duration elapsed, Duration deadline, long peakHeapBytes, Throwable failure) {
        /** How long the call ran after its deadline (negative: it ended before it). */
        public Duration pastDeadline() {
            return elapsed.minus(deadline);
        }

        @Override
        public String toString() {
            return String.format("%s: %d ms against a deadline of %d ms (%+d ms), peak heap %d MiB, %s", attack,
                    elapsed.toMillis(), deadline.toMillis(), pastDeadline().toMillis(), peakHeapBytes >> 20,
                    failure == null ? "returned" : failure.getClass().getSimpleName() + ": " + failure.getMessage());
        }
    }

    /** Runs {@code call}, catching what it throws, and reports the figures (also to stdout). */
    public Figures measure(String attack, Duration deadline, Supplier<?> call) {
        System.gc();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        long started = System.nanoTime();
        Throwable failure = null;
        try {
            call.get();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        long peak = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        Figures figures = new Figures(attack, elapsed, deadline, peak, failure);
        System.out.println("host-work: " + figures);
        return figures;
    }
}
