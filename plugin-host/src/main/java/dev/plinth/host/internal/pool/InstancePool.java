package dev.plinth.host.internal.pool;

import dev.plinth.api.PluginError;
import dev.plinth.api.error.PluginBusyException;
import dev.plinth.api.error.PluginNotFoundException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instances of one plugin version, a core module's or a component's. At most {@code maxInstances} are lent at once; idle ones
 * are reused (most recently used first, so caches stay warm); new ones are created on demand,
 * under the deadline the caller gives. A caller that finds every instance busy waits up to the
 * acquire timeout, then gets {@code busy}. When instances cannot be made, the failure is
 * remembered ({@link CreationFailures}): callers that would need a new one are refused at once for
 * a while instead of each repeating the attempt, and {@link #creationFailure()} says why.
 * Thread-safe.
 */
public final class InstancePool<I extends PooledInstance> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InstancePool.class);

    /** Makes the instances of one version. */
    public interface Factory<I extends PooledInstance> {
        /**
         * Makes and initializes an instance under a deadline of {@code timeout}.
         *
         * @throws InstanceCreationException when it cannot be made, with the phase that failed
         */
        I create(Duration timeout);

        /** The operator's fuel budget of each call, when the instances are metered for one. */
        OptionalLong fuelPerCall();
    }

    private final String plugin;
    private final Factory<I> factory;
    private final int maxInstances;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<I> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger live = new AtomicInteger();
    private final CreationFailures failures;
    private volatile boolean closed;

    /** The operator's fuel budget of each call, when the instances are metered for one. */
    public OptionalLong fuelPerCall() {
        return factory.fuelPerCall();
    }

    public InstancePool(String plugin, Factory<I> factory, int maxInstances) {
        this.plugin = plugin;
        this.factory = factory;
        this.maxInstances = maxInstances;
        this.permits = new Semaphore(maxInstances);
        this.failures = new CreationFailures(plugin, System::nanoTime);
    }

    /** Adds an instance made ahead of time (the one made at load to prove the plugin links). */
    public void offer(I instance) {
        live.incrementAndGet();
        idle.offerFirst(instance);
    }

    /**
     * Lends an instance; give it back with {@link #giveBack} exactly once. An instance made for the
     * caller is initialized under a deadline of {@code createTimeout}.
     *
     * @throws PluginBusyException when none frees up within {@code wait}
     * @throws InstanceCreationException when a new instance was needed and could not be made
     * @throws PluginNotFoundException when the pool is closed, or refuses to make instances for a
     *     while after they failed
     */
    public I borrow(Duration wait, Duration createTimeout) {
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
            I instance = idle.pollFirst();
            if (instance == null) {
                instance = create(createTimeout);
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
     * @param timeout the deadline of each instance's initialization
     * @return how many instances it made
     * @throws InstanceCreationException when an instance could not be made
     */
    public int prewarm(int target, Duration timeout) {
        int wanted = Math.min(target, maxInstances);
        int made = 0;
        while (permits.tryAcquire()) {
            try {
                ensureOpen();
                if (live.getAndUpdate(n -> n < wanted ? n + 1 : n) >= wanted) {
                    return made;
                }
                I instance;
                try {
                    instance = create(timeout);
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
     * Takes an instance back. A healthy one is kept for the next caller; one that trapped, timed out,
     * hit a limit or is no longer {@link PooledInstance#reusable() reusable} is dropped, and a fresh one
     * will be made when needed.
     */
    public void giveBack(I instance, boolean healthy) {
        try {
            if (healthy && !closed && instance.reusable()) {
                keep(instance);
            } else {
                discard(instance);
            }
        } finally {
            permits.release();
        }
    }

    /** Puts an instance back for the next caller; with no heap left for that, drops it instead. */
    private void keep(I instance) {
        try {
            idle.offerFirst(instance);
        } catch (OutOfMemoryError e) {
            discard(instance);
            return;
        }
        if (closed && idle.remove(instance)) {
            discard(instance);
        }
    }

    /** Stops lending; instances still out are dropped when they come back. */
    @Override
    public void close() {
        closed = true;
        I instance;
        while ((instance = idle.pollFirst()) != null) {
            discard(instance);
        }
    }

    /** Makes an instance, unless the last attempts failed too recently; remembers how it went. */
    private I create(Duration timeout) {
        failures.beforeAttempt();
        boolean told = false;
        try {
            I instance = factory.create(timeout);
            failures.succeeded();
            told = true;
            return instance;
        } catch (InstanceCreationException e) {
            failures.failed(e);
            told = true;
            LOG.warn("plugin {} cannot make an instance; new instances are refused for a while: [{}] {}", plugin,
                    e.failure().code(), e.getMessage());
            throw e;
        } finally {
            if (!told) {
                failures.abandoned();
            }
        }
    }

    /**
     * Why new instances are being refused: the last creation failure, until an instance is made
     * again. Idle instances are still lent meanwhile.
     */
    public Optional<PluginError> creationFailure() {
        return failures.current();
    }

    /** Instances alive now, idle and lent. */
    public int liveInstances() {
        return live.get();
    }

    /** Instances lent out right now. */
    public int busyInstances() {
        return maxInstances - permits.availablePermits();
    }

    private void discard(I instance) {
        live.decrementAndGet();
        instance.close();
    }

    private void ensureOpen() {
        if (closed) {
            throw new PluginNotFoundException("plugin " + plugin + " was unloaded");
        }
    }
}
