package dev.plinth.host.security;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.plinth.api.error.PluginException;
import dev.plinth.host.PluginHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Calls {@code text-transformer} from a thread of its own, over and over, while an attack runs, to
 * show that the host serves other plugins during it: how many calls answered correctly, what the
 * others threw, and the slowest answer.
 */
public final class WellBehavedCaller implements AutoCloseable {
    private final PluginHost host;
    private final Thread thread;
    private final AtomicInteger answered = new AtomicInteger();
    private final List<Throwable> typed = new ArrayList<>();
    private final List<Throwable> escaped = new ArrayList<>();
    private final AtomicInteger ownOutOfMemory = new AtomicInteger();
    private final AtomicLong slowestNanos = new AtomicLong();
    private volatile boolean stop;

    private WellBehavedCaller(PluginHost host) {
        this.host = host;
        this.thread = new Thread(this::callUntilStopped, "well-behaved-caller");
        this.thread.setDaemon(true);
    }

    /** Starts calling; text-transformer must be loaded in {@code host}. */
    public static WellBehavedCaller start(PluginHost host) {
        WellBehavedCaller caller = new WellBehavedCaller(host);
        caller.thread.start();
        return caller;
    }

    private void callUntilStopped() {
        byte[] input = "still serving".getBytes(UTF_8);
        while (!stop) {
            try {
                callOnce(input);
            } catch (OutOfMemoryError e) {
                // this thread's own allocation, outside the host: not the host's to contain
                ownOutOfMemory.incrementAndGet();
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void callOnce(byte[] input) {
        long started = System.nanoTime();
        byte[] out = null;
        try {
            out = host.call("text-transformer", "transform", input);
        } catch (PluginException e) {
            fail(e, typed);
        } catch (RuntimeException | Error e) {
            fail(e, escaped);
        }
        slowestNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
        if (out != null && "STILL SERVING".equals(new String(out, UTF_8))) {
            answered.incrementAndGet();
        } else if (out != null) {
            fail(new AssertionError("text-transformer answered " + new String(out, UTF_8)), escaped);
        }
    }

    private synchronized void fail(Throwable e, List<Throwable> into) {
        if (into.size() < 100) {
            into.add(e);
        }
    }

    public int answered() {
        return answered.get();
    }

    /** Everything that went wrong: typed errors, anything else thrown, wrong answers. */
    public synchronized List<Throwable> failures() {
        List<Throwable> all = new ArrayList<>(typed);
        all.addAll(escaped);
        return all;
    }

    /** The typed errors ({@link PluginException}) the calls ended in. */
    public synchronized List<PluginException> typedFailures() {
        return typed.stream().map(PluginException.class::cast).toList();
    }

    /** What else the calls threw, or answered wrongly: never allowed. */
    public synchronized List<Throwable> escaped() {
        return List.copyOf(escaped);
    }

    public Duration slowest() {
        return Duration.ofNanos(slowestNanos.get());
    }

    /**
     * Stops calling, once at least one call has been answered: an attack refused in a millisecond
     * ends before a loaded machine has run the first call, and "answered meanwhile" must not depend
     * on that race. Waits at most 10 s for it, then stops anyway (and {@link #answered()} says 0).
     */
    @Override
    public void close() throws InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (answered.get() == 0 && thread.isAlive() && System.nanoTime() < giveUp) {
            Thread.sleep(5);
        }
        stop = true;
        thread.join(10_000);
    }

    @Override
    public String toString() {
        return "text-transformer meanwhile: " + answered() + " answers, " + typedFailures().size() + " typed errors "
                + typedFailures().stream().map(e -> e.code().code()).distinct().toList() + ", " + escaped().size()
                + " other failures, " + ownOutOfMemory.get() + " out of heap in its own code, slowest "
                + slowest().toMillis() + " ms";
    }
}
