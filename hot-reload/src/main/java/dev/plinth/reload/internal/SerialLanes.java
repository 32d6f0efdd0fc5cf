package dev.plinth.reload.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work on a bounded pool of threads, one task at a time per key and in the order given, while
 * tasks of different keys run side by side: so that two changes to the same plugin files never
 * race, and one slow or stuck task holds up only its own key. A task asked for while the last
 * task waiting on its key is of the same kind joins that one (it would read the same files), so a
 * burst of changes to one source while it loads costs one more load, not one per change.
 *
 * <p>A task that asks for more work and waits for it ({@link #call}) from a pool thread runs it on
 * its own thread when that key is free or its own, so that waiting can never use up the pool.
 *
 * @param <K> what tasks are serialised by (a plugin source)
 * @param <R> what a task returns
 */
public final class SerialLanes<K, R> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SerialLanes.class);

    private final ThreadPoolExecutor pool;
    private final ThreadLocal<Boolean> onPoolThread = ThreadLocal.withInitial(() -> false);
    private final Map<K, Lane> lanes = new HashMap<>();
    private boolean closed;

    /** The tasks of one key: the one running (and on which thread) and those waiting. */
    private final class Lane {
        private final ArrayDeque<Task> waiting = new ArrayDeque<>();
        private Thread runner;
        private boolean busy;
    }

    private final class Task implements Runnable {
        private final K key;
        private final Object kind;
        private final Supplier<R> work;
        private final CompletableFuture<R> result = new CompletableFuture<>();

        Task(K key, Object kind, Supplier<R> work) {
            this.key = key;
            this.kind = kind;
            this.work = work;
        }

        @Override
        public void run() {
            started(key);
            try {
                complete(result, work);
            } finally {
                finished(key);
            }
        }
    }

    /**
     * @param name the pool threads' name prefix
     * @param threads how many tasks of different keys may run at once
     */
    public SerialLanes(String name, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(() -> {
                        onPoolThread.set(true);
                        runnable.run();
                    }, name + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
    }

    /**
     * Queues {@code work} behind every earlier task of {@code key}, or joins the task of the same
     * {@code kind} already waiting there. Never blocks.
     *
     * @return its outcome; cancelled when the lanes are closed before it ran
     */
    public CompletableFuture<R> submit(K key, Object kind, Supplier<R> work) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(work, "work");
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new CancellationException("closed: no more work is taken"));
            }
            Lane lane = lanes.computeIfAbsent(key, k -> new Lane());
            if (lane.busy) {
                Task last = lane.waiting.peekLast();
                if (last != null && last.kind.equals(kind)) {
                    return last.result;
                }
                Task task = new Task(key, kind, work);
                lane.waiting.add(task);
                return task.result;
            }
            lane.busy = true;
            Task task = new Task(key, kind, work);
            pool.execute(task);
            return task.result;
        }
    }

    /**
     * Runs {@code work} in {@code key}'s turn and waits for it. On a pool thread, it runs at once on
     * the caller's thread when the key is free or is the caller's own.
     *
     * @throws CancellationException when the lanes are closed before it ran
     * @throws RuntimeException what the work threw
     */
    public R call(K key, Object kind, Supplier<R> work) {
        if (onPoolThread.get()) {
            Boolean claimed = claimForCaller(key);
            if (claimed != null) {
                CompletableFuture<R> result = new CompletableFuture<>();
                try {
                    complete(result, work);
                } finally {
                    if (claimed) {
                        finished(key);
                    }
                }
                return await(result);
            }
        }
        return await(submit(key, kind, work));
    }

    /**
     * {@code true}: the key was free and is now the caller's; {@code false}: it is the caller's
     * already; {@code null}: another thread has it.
     */
    private synchronized Boolean claimForCaller(K key) {
        if (closed) {
            return null;
        }
        Lane lane = lanes.get(key);
        if (lane == null) {
            lane = new Lane();
            lane.busy = true;
            lane.runner = Thread.currentThread();
            lanes.put(key, lane);
            return true;
        }
        return lane.runner == Thread.currentThread() ? false : null;
    }

    private synchronized void started(K key) {
        lanes.get(key).runner = Thread.currentThread();
    }

    private synchronized void finished(K key) {
        Lane lane = lanes.get(key);
        lane.runner = null;
        Task next = closed ? null : lane.waiting.poll();
        if (next == null) {
            lane.busy = false;
            if (lane.waiting.isEmpty()) {
                lanes.remove(key);
            }
            return;
        }
        pool.execute(next);
    }

    /** Only tasks are handed to the pool. */
    @SuppressWarnings("unchecked")
    private Task taskOf(Runnable queued) {
        return (Task) queued;
    }

    private void complete(CompletableFuture<R> result, Supplier<R> work) {
        try {
            result.complete(work.get());
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
        }
    }

    private R await(CompletableFuture<R> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for the work to finish");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Whether any task is running or waiting. */
    public synchronized boolean idle() {
        return lanes.isEmpty();
    }

    /** Closes with a grace of 10 s; see {@link #close(Duration)}. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /**
     * Takes no more work, cancels what waits, interrupts what runs and waits up to {@code grace}
     * for it to end. Work that outlives the grace is left to its thread (a daemon) and logged.
     */
    public void close(Duration grace) {
        List<Task> cancelled = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (Lane lane : lanes.values()) {
                cancelled.addAll(lane.waiting);
                lane.waiting.clear();
            }
        }
        for (Runnable never : pool.shutdownNow()) {
            cancelled.add(taskOf(never));
        }
        cancelled.forEach(task -> task.result.cancel(false));
        try {
            if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} task(s) still running {} after close; left to finish on their own",
                        pool.getActiveCount(), grace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
