package dev.plinth.api.batch;

import dev.plinth.api.CallRequest;
import dev.plinth.api.CallResult;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.error.PluginTrapException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs a batch of calls with at most {@code parallelism} of them at once: the calling thread and
 * {@code parallelism - 1} helper threads take the next item in order until none is left, so the
 * plugin's pool is never asked for more instances than that. Results come back in the order of
 * the requests; an item that fails has its error as its result; an item not started when the
 * batch's deadline passes fails with {@link BatchTimeoutException} (items already running finish
 * under their own call deadline).
 */
public final class BatchRunner {
    /** The most helper threads one batch may use, whatever it asks for. */
    public static final int MAX_PARALLELISM = 256;

    private final Function<CallRequest, CallResult> call;

    /** A runner of batches whose items are run by {@code call} (a registry's call, usually). */
    public BatchRunner(Function<CallRequest, CallResult> call) {
        this.call = Objects.requireNonNull(call, "call");
    }

    /**
     * Runs every request, at most {@code parallelism} at once, within {@code deadline} for the
     * whole batch.
     *
     * @throws IllegalArgumentException when parallelism is below 1 or above {@value #MAX_PARALLELISM},
     *     or the deadline is not positive
     */
    public List<BatchResult> run(List<CallRequest> requests, int parallelism, Duration deadline) {
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(deadline, "deadline");
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("parallelism must be between 1 and " + MAX_PARALLELISM + ", was "
                    + parallelism);
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("the batch deadline must be positive, was " + deadline);
        }
        CallRequest[] items = requests.toArray(CallRequest[]::new);
        for (CallRequest item : items) {
            Objects.requireNonNull(item, "a request of the batch is null");
        }
        BatchResult[] results = new BatchResult[items.length];
        long endsAt = System.nanoTime() + Math.min(deadline.toNanos(), Long.MAX_VALUE / 4);
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> work(items, results, next, endsAt, deadline);
        int helpers = Math.min(parallelism, items.length) - 1;
        List<Thread> threads = new ArrayList<>(Math.max(0, helpers));
        for (int i = 0; i < helpers; i++) {
            Thread thread = new Thread(worker, "plinth-batch-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        worker.run();
        join(threads);
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                // a helper thread was stopped by an Error in the middle of this item
                results[i] = BatchResult.failure(items[i], new PluginTrapException(items[i].plugin() + "."
                        + items[i].function() + " did not complete: its batch thread stopped", null, null));
            }
        }
        return Arrays.asList(results);
    }

    private void work(CallRequest[] items, BatchResult[] results, AtomicInteger next, long endsAt, Duration deadline) {
        for (int i = next.getAndIncrement(); i < items.length; i = next.getAndIncrement()) {
            CallRequest item = items[i];
            if (System.nanoTime() - endsAt >= 0) {
                results[i] = BatchResult.failure(item, new BatchTimeoutException("item " + i + " of the batch ("
                        + item.plugin() + "." + item.function() + ") was not started: the batch's deadline of "
                        + deadline + " passed"));
                continue;
            }
            results[i] = one(item);
        }
    }

    private BatchResult one(CallRequest item) {
        try {
            return BatchResult.success(item, call.apply(item));
        } catch (PluginException e) {
            return BatchResult.failure(item, e);
        } catch (RuntimeException e) {
            // a registry reports its failures as PluginException; anything else must not fail the others
            return BatchResult.failure(item, new PluginTrapException(item.plugin() + "." + item.function()
                    + " failed in the host: " + e, null, e));
        }
    }

    /** Waits for the helpers; an interrupt is kept for the caller, after they finish. */
    private static void join(List<Thread> threads) {
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
