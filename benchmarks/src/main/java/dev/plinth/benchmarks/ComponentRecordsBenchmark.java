package dev.plinth.benchmarks;

import dev.plinth.component.value.Value;
import dev.plinth.host.ComponentCalls;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A call passing a record of a string and a list of 100 line records, two ways through the same
 * {@link PluginHost} (compiled mode, the engine's default limits for both): {@code orders-component}, a
 * component of {@code bench:records/orders} called with {@link Value}s through the canonical ABI, against
 * {@code orders-json}, an Extism-ABI plugin called with the same order as JSON bytes. Both guests are Rust
 * on plinth-sdk and do the same work (every line read, qty * price-cents summed) and answer the same
 * summary record. The setup checks both answers against Java's.
 *
 * <ul>
 *   <li>{@code componentBuildValues}: per invocation, the Java order turned into a {@code Value} tree, lowered,
 *       the call, the summary lifted and read back into a Java record: what a generic caller pays.
 *   <li>{@code componentValuesOnce}: the {@code Value} tree built once per trial; per invocation lower, call,
 *       lift and read the summary: the canonical ABI and the call alone.
 *   <li>{@code extismJson}: per invocation, Jackson writes the Java order as JSON, the call (the guest parses
 *       and writes JSON), Jackson reads the summary back into a Java record.
 *   <li>{@code extismJsonOnce}: the JSON bytes written once per trial; per invocation the call and Jackson
 *       reading the summary.
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ComponentRecordsBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-XX:-DontCompileHugeMethods")
@State(Scope.Benchmark)
public class ComponentRecordsBenchmark {
    static final String COMPONENT = "orders-component";
    static final String EXTISM = "orders-json";
    static final String FUNCTION = "total";

    /** Lines in the order. */
    @Param("100")
    public int lines;

    private final ObjectMapper json = JsonMapper.builder().build();
    private PluginHost host;
    private ComponentCalls component;
    private Orders.Order order;
    private List<Value> orderValue;
    private byte[] orderJson;

    @Setup(Level.Trial)
    public void load() {
        host = PluginHost.on(PluginEngine.builder().build());
        host.load(SamplePlugins.bench(COMPONENT));
        host.load(SamplePlugins.bench(EXTISM));
        component = host.component(COMPONENT);
        order = Orders.sample(lines);
        orderValue = List.of(Orders.toValue(order));
        orderJson = json.writeValueAsBytes(order);
        Orders.Summary expected = Orders.expected(order);
        require("the component", componentBuildValues(), expected);
        require("the Extism plugin", extismJson(), expected);
    }

    private static void require(String side, Orders.Summary actual, Orders.Summary expected) {
        if (!actual.equals(expected)) {
            throw new IllegalStateException(side + " answered " + actual + ", Java computed " + expected
                    + ": the two sides do not do the same work");
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        host.close();
    }

    @Benchmark
    public Orders.Summary componentBuildValues() {
        return Orders.summary(component.call(FUNCTION, List.of(Orders.toValue(order))));
    }

    @Benchmark
    public Orders.Summary componentValuesOnce() {
        return Orders.summary(component.call(FUNCTION, orderValue));
    }

    @Benchmark
    public Orders.Summary extismJson() {
        return json.readValue(host.call(EXTISM, FUNCTION, json.writeValueAsBytes(order)), Orders.Summary.class);
    }

    @Benchmark
    public Orders.Summary extismJsonOnce() {
        return json.readValue(host.call(EXTISM, FUNCTION, orderJson), Orders.Summary.class);
    }
}
