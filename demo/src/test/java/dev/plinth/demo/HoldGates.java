package dev.plinth.demo;

import dev.plinth.spring.hostfn.PluginHostFunction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The host function {@code hold} of the tests' hold plugin: a call of {@code hold_a} or
 * {@code hold_b} stays in flight while its gate is closed. Gates start open. Static, because the
 * Spring contexts of the tests and the test methods must see the same gates.
 */
class HoldGates {
    private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

    /** Makes later calls of {@code hold_<key>} wait until {@link #open}. */
    static void close(String key) {
        GATES.put(key, new CountDownLatch(1));
    }

    static void open(String key) {
        CountDownLatch gate = GATES.remove(key);
        if (gate != null) {
            gate.countDown();
        }
    }

    @PluginHostFunction("hold")
    byte[] hold(String key) throws InterruptedException {
        CountDownLatch gate = GATES.get(key);
        if (gate != null && !gate.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gate " + key + " stayed closed");
        }
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
