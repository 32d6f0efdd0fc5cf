package dev.plinth.benchmarks;

import dev.plinth.component.value.Value;
import dev.plinth.host.ComponentCalls;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link ComponentRecordsBenchmark}'s two prebuilt-input calls ({@code componentValuesOnce} and
 * {@code extismJsonOnce}, the summary read back in both) timed in the calling thread's CPU time, rounds
 * alternating between the two sides: on a loaded machine thread CPU time is less disturbed than JMH's wall
 * clock. Prints each round's CPU and wall time per call and the ratio.
 *
 * <p>Run: {@code java -XX:-DontCompileHugeMethods -cp benchmarks/target/benchmarks.jar
 * dev.plinth.benchmarks.ComponentRecordsProbe 500 12} (calls per round, rounds)
 */
public final class ComponentRecordsProbe {
    private ComponentRecordsProbe() {
    }

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ObjectMapper json = JsonMapper.builder().build();
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            host.load(SamplePlugins.bench(ComponentRecordsBenchmark.COMPONENT));
            host.load(SamplePlugins.bench(ComponentRecordsBenchmark.EXTISM));
            ComponentCalls component = host.component(ComponentRecordsBenchmark.COMPONENT);
            Orders.Order order = Orders.sample(100);
            List<Value> value = List.of(Orders.toValue(order));
            byte[] bytes = json.writeValueAsBytes(order);
            System.out.printf("order of %d lines, %d bytes as JSON; summary %s%n", order.lines().size(), bytes.length,
                    Orders.expected(order));
            for (int round = 0; round < rounds; round++) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    Orders.summary(component.call(ComponentRecordsBenchmark.FUNCTION, value));
                }
                long cpu1 = threads.getCurrentThreadCpuTime();
                long wall1 = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    json.readValue(host.call(ComponentRecordsBenchmark.EXTISM, ComponentRecordsBenchmark.FUNCTION, bytes),
                            Orders.Summary.class);
                }
                long cpu2 = threads.getCurrentThreadCpuTime();
                long wall2 = System.nanoTime();
                System.out.printf("round %2d: component %7.1f us CPU (%7.1f wall), Extism JSON %7.1f us CPU (%7.1f wall),"
                        + " JSON / component %.1fx CPU%n", round, (cpu1 - cpu0) / 1e3 / calls, (wall1 - wall0) / 1e3 / calls,
                        (cpu2 - cpu1) / 1e3 / calls, (wall2 - wall1) / 1e3 / calls, (double) (cpu2 - cpu1) / (cpu1 - cpu0));
            }
        }
    }
}
