package dev.plinth.reload.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * The peak heap while something runs in the background (a load the watcher started): the sum of
 * every heap pool's peak since {@link #reset}, so an upper bound on what the work held. The same
 * measure as plugin-host's {@code HostWorkProbe}, for work that is not one synchronous call.
 */
public final class HeapPeak {
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .toList();

    /** Collects garbage and starts measuring from here. */
    public HeapPeak reset() {
        System.gc();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        return this;
    }

    /** The peak heap since {@link #reset}, in bytes. */
    public long peakBytes() {
        return heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    }
}
