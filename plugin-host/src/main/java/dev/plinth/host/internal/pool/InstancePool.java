package dev.plinth.host.internal.pool;

import dev.plinth.api.error.PluginBusyException;
import dev.plinth.api.error.PluginNotFoundException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The instances of one plugin version. At most {@code maxInstances} are lent at once; idle ones
 * are reused (most recently used first, so caches stay warm); new ones are created on demand. A
 * caller that finds every instance busy waits up to the acquire timeout, then gets {@code busy}.
 * Thread-safe.
 */
public final class InstancePool implements AutoCloseable {
    private final String plugin;
    private final InstanceFactory factory;
    private final int maxInstances;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<PluginInstance> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger live = new AtomicInteger();
    private volatile boolean closed;

    public InstancePool(String plugin, InstanceFactory factory, int maxInstances) {
        this.plugin = plugin;
        this.factory = factory;
        this.maxInstances = maxInstances;
        this.permits = new Semaphore(maxInstances);
    }

    /** Adds an instance made ahead of time (the one made at load to prove the module links). */
    public void offer(PluginInstance instance) {
        live.incrementAndGet();
        idle.offerFirst(instance);
    }

    /**
     * Lends an instance; give it back with {@link #giveBack} exactly once.
     *
     * @throws PluginBusyException when none frees up within {@code wait}
     */
    public PluginInstance borrow(Duration wait) {
        ensureOpen();
        try {
            if (!permits.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new PluginBusyException("plugin " + plugin + ": all " + maxInstances
                        + " instances stayed busy for " + wait.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginBusyException("plugin " + plugin + ": interrupted while waiting for an instance");
        }
        try {
            ensureOpen();
            PluginInstance instance = idle.pollFirst();
            if (instance == null) {
                instance = factory.create();
                live.incrementAndGet();
            }
            return instance;
        } catch (RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }

    /**
     * Makes idle instances until {@code target} are alive, never more than {@code maxInstances}. Each
     * one is made under a permit, so callers and this never make more than the pool may hold; when
     * every permit is taken (the pool is busy anyway) it stops early.
     *
     * @return how many instances it made
     */
    public int prewarm(int target) {
        int wanted = Math.min(target, maxInstances);
        int made = 0;
        while (permits.tryAcquire()) {
            try {
                ensureOpen();
                if (live.getAndUpdate(n -> n < wanted ? n + 1 : n) >= wanted) {
                    return made;
                }
                PluginInstance instance;
                try {
                    instance = factory.create();
                } catch (RuntimeException | Error e) {
                    live.decrementAndGet();
                    throw e;
                }
                idle.offerLast(instance);
                made++;
                if (closed && idle.remove(instance)) {
                    discard(instance);
                }
            } finally {
                permits.release();
            }
        }
        return made;
    }

    /**
     * Takes an instance back. A healthy one is kept for the next caller; one that trapped, timed out
     * or hit a limit is dropped, and a fresh one will be made when needed.
     */
    public void giveBack(PluginInstance instance, boolean healthy) {
        try {
            if (healthy && !closed) {
                idle.offerFirst(instance);
                if (closed && idle.remove(instance)) {
                    discard(instance);
                }
            } else {
                discard(instance);
            }
        } finally {
            permits.release();
        }
    }

    /** Stops lending; instances still out are dropped when they come back. */
    @Override
    public void close() {
        closed = true;
        PluginInstance instance;
        while ((instance = idle.pollFirst()) != null) {
            discard(instance);
        }
    }

    /** Instances alive now, idle and lent. */
    public int liveInstances() {
        return live.get();
    }

    /** Instances lent out right now. */
    public int busyInstances() {
        return maxInstances - permits.availablePermits();
    }

    private void discard(PluginInstance instance) {
        live.decrementAndGet();
        instance.close();
    }

    private void ensureOpen() {
        if (closed) {
            throw new PluginNotFoundException("plugin " + plugin + " was unloaded");
        }
    }
}
