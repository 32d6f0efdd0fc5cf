package dev.plinth.host.security;

import static java.nio.charset.StandardCharsets.UTF_8;

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
final class WellBehavedCaller implements AutoCloseable {
    private final PluginHost host;
    private final Thread thread;
    private final AtomicInteger answered = new AtomicInteger();
    private final List<Throwable> failures = new ArrayList<>();
    private final AtomicLong slowestNanos = new AtomicLong();
    private volatile boolean stop;

    private WellBehavedCaller(PluginHost host) {
        this.host = host;
        this.thread = new Thread(this::callUntilStopped, "well-behaved-caller");
        this.thread.setDaemon(true);
    }

    /** Starts calling; text-transformer must be loaded in {@code host}. */
    static WellBehavedCaller start(PluginHost host) {
        WellBehavedCaller caller = new WellBehavedCaller(host);
        caller.thread.start();
        return caller;
    }

    private void callUntilStopped() {
        while (!stop) {
            long started = System.nanoTime();
            try {
                byte[] out = host.call("text-transformer", "transform", "still serving".getBytes(UTF_8));
                if ("STILL SERVING".equals(new String(out, UTF_8))) {
                    answered.incrementAndGet();
                } else {
                    fail(new AssertionError("text-transformer answered " + new String(out, UTF_8)));
                }
            } catch (RuntimeException | Error e) {
                fail(e);
            }
            slowestNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void fail(Throwable e) {
        if (failures.size() < 100) {
            failures.add(e);
        }
    }

    int answered() {
        return answered.get();
    }

    synchronized List<Throwable> failures() {
        return List.copyOf(failures);
    }

    Duration slowest() {
        return Duration.ofNanos(slowestNanos.get());
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(10_000);
    }

    @Override
    public String toString() {
        return "text-transformer meanwhile: " + answered() + " answers, " + failures().size() + " failures, slowest "
                + slowest().toMillis() + " ms";
    }
}
