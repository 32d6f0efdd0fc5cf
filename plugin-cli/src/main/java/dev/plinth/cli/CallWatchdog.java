package dev.plinth.cli;

import dev.plinth.api.error.PluginTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs the call on its own thread and stops waiting for it a grace period after its deadline.
 * The host interrupts a call at its deadline, but code that never checks for interrupts (a
 * {@code br_if} loop on Chicory's interpreter) runs on regardless; a one-shot command must still
 * end, so it reports the timeout and leaves the thread behind (a daemon: exiting ends it).
 */
final class CallWatchdog {
    /** How long past the deadline plinth waits for the host to stop the call itself. */
    static final Duration GRACE = Duration.ofSeconds(2);

    private CallWatchdog() {
    }

    /**
     * @param deadline the call's own deadline (the host enforces it; this only backs it up)
     * @param what names the call in the timeout message, e.g. {@code my-plugin.run}
     */
    static <T> T run(Supplier<T> call, Duration deadline, String what) {
        FutureTask<T> task = new FutureTask<>(call::get);
        Thread thread = new Thread(task, "plinth-call " + what);
        thread.setDaemon(true);
        thread.start();
        Duration patience = deadline.plus(GRACE);
        try {
            return task.get(patience.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new PluginTimeoutException(what + " ran past its deadline of " + deadline.toMillis() + " ms and"
                    + " did not stop when interrupted (code that never checks, such as a loop on the interpreter);"
                    + " plinth gave up on it after " + patience.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
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
}
