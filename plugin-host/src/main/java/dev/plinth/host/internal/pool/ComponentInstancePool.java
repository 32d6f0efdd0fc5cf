package dev.plinth.host.internal.pool;

import dev.plinth.api.PluginError;
import dev.plinth.api.error.PluginBusyException;
import dev.plinth.api.error.PluginNotFoundException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The instances of one component plugin version, as {@link InstancePool} keeps those of a core-module
 * plugin: at most {@code maxInstances} lent at once, idle ones reused most recently used first, new ones
 * made on demand under the caller's deadline, a caller who finds all busy waits up to the acquire timeout
 * and then gets {@code busy}; a dead instance (trapped, stopped, out of fuel) is dropped; after instances fail
 * to be made, new ones are refused for a while ({@link CreationFailures}). Thread-safe.
 */
public final class ComponentInstancePool implements AutoCloseable {
    private final String plugin;
    private final ComponentInstanceFactory factory;
    private final int maxInstances;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<ComponentPluginInstance> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger live = new AtomicInteger();
    private final CreationFailures failures;
    private volatile boolean closed;

    public ComponentInstancePool(String plugin, ComponentInstanceFactory factory, int maxInstances) {
        this.plugin = plugin;
        this.factory = factory;
        this.maxInstances = maxInstances;
        this.permits = new Semaphore(maxInstances);
        this.failures = new CreationFailures(plugin, System::nanoTime);
    }

    /** Adds an instance made ahead of time (the one made at load to prove the component links). */
    public void offer(ComponentPluginInstance instance) {
        live.incrementAndGet();
        idle.offerFirst(instance);
    }

    /**
     * Lends an instance; give it back with {@link #giveBack} exactly once.
     *
     * @throws PluginBusyException when none frees up within {@code wait}
     * @throws InstanceCreationException when a new instance was needed and could not be made
     * @throws PluginNotFoundException when the pool is closed
     */
    public ComponentPluginInstance borrow(Duration wait, Duration createTimeout) {
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
            ComponentPluginInstance instance = idle.pollFirst();
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

    /** Makes idle instances until {@code target} are alive, never more than {@code maxInstances}. */
    public int prewarm(int target, Duration timeout) {
        int wanted = Math.min(target, maxInstances);
        int made = 0;
        while (permits.tryAcquire()) {
            try {
                ensureOpen();
                if (live.getAndUpdate(n -> n < wanted ? n + 1 : n) >= wanted) {
                    return made;
                }
                try {
                    idle.offerLast(create(timeout));
                } catch (RuntimeException | Error e) {
                    live.decrementAndGet();
                    throw e;
                }
                made++;
            } finally {
                permits.release();
            }
        }
        return made;
    }

    /** Takes an instance back: a healthy one is kept for the next caller, another dropped. */
    public void giveBack(ComponentPluginInstance instance, boolean healthy) {
        try {
            if (healthy && !closed && !instance.dead()) {
                idle.offerFirst(instance);
                if (closed && idle.remove(instance)) {
                    live.decrementAndGet();
                    instance.close();
                }
            } else {
                live.decrementAndGet();
                instance.close();
            }
        } finally {
            permits.release();
        }
    }

    /** Makes an instance, unless the last attempts failed too recently ({@link CreationFailures}). */
    private ComponentPluginInstance create(Duration timeout) {
        failures.beforeAttempt();
        boolean told = false;
        try {
            ComponentPluginInstance instance = factory.create(timeout);
            failures.succeeded();
            told = true;
            return instance;
        } catch (InstanceCreationException e) {
            failures.failed(e);
            told = true;
            throw e;
        } finally {
            if (!told) {
                failures.abandoned();
            }
        }
    }

    /** Why new instances are being refused: the last creation failure, until an instance is made again. */
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

    /** Stops lending; instances still out are dropped when they come back. */
    @Override
    public void close() {
        closed = true;
        ComponentPluginInstance each;
        while ((each = idle.pollFirst()) != null) {
            live.decrementAndGet();
            each.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new PluginNotFoundException("plugin " + plugin + " was unloaded");
        }
    }
}
