package dev.plinth.reload.testing;

import dev.plinth.api.CallRequest;
import dev.plinth.api.CallResult;
import dev.plinth.api.PluginRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;

/**
 * Threads that call a registry continuously and keep what came back: each output with the version
 * that served it, every failure, and for keyed calls the order of versions each key saw (each
 * thread has its own keys, so a key's calls never race each other).
 */
public final class LoadRunner implements AutoCloseable {
    private final PluginRegistry registry;
    private final BiFunction<Integer, Long, CallRequest> requests;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, LongAdder> outputsByVersion = new ConcurrentHashMap<>();
    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final Map<String, List<String>> versionsByKey = new ConcurrentHashMap<>();
    private final LongAdder calls = new LongAdder();

    /** @param requests the request a thread makes on its n-th call: (thread, n) -> request */
    public LoadRunner(PluginRegistry registry, int threadCount, BiFunction<Integer, Long, CallRequest> requests) {
        this.registry = registry;
        this.requests = requests;
        for (int t = 0; t < threadCount; t++) {
            int thread = t;
            threads.add(new Thread(() -> run(thread), "load-" + t));
        }
        threads.forEach(Thread::start);
    }

    private void run(int thread) {
        Map<String, List<String>> mine = new HashMap<>();
        for (long n = 0; running.get(); n++) {
            CallRequest request = requests.apply(thread, n);
            try {
                CallResult result = registry.call(request);
                String output = new String(result.output(), StandardCharsets.UTF_8);
                outputsByVersion.computeIfAbsent(output + " @ " + result.version(), k -> new LongAdder()).increment();
                request.routingKey().ifPresent(key -> {
                    List<String> seen = mine.computeIfAbsent(key, k -> new ArrayList<>());
                    if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(result.version())) {
                        seen.add(result.version());
                    }
                });
            } catch (RuntimeException e) {
                failures.add(e);
            }
            calls.increment();
        }
        versionsByKey.putAll(mine);
    }

    public long calls() {
        return calls.sum();
    }

    /** How many calls returned {@code output} from {@code version} so far. */
    public long count(String output, String version) {
        LongAdder adder = outputsByVersion.get(output + " @ " + version);
        return adder == null ? 0 : adder.sum();
    }

    /** Stops the threads and waits for them. */
    @Override
    public void close() {
        running.set(false);
        for (Thread thread : threads) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** {@code "output @ version"} to the number of calls. */
    public Map<String, Long> outputs() {
        Map<String, Long> out = new HashMap<>();
        outputsByVersion.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    /** For each routing key, the versions it was served by, in order, repeats collapsed. Complete after {@link #close()}. */
    public Map<String, List<String>> versionsByKey() {
        return Map.copyOf(versionsByKey);
    }
}
