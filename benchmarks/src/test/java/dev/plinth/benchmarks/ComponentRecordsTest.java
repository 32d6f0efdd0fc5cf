package dev.plinth.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.error.PluginException;
import dev.plinth.component.value.Value;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Both sides of the records benchmark answer the same summary, Java's, for the same order. */
class ComponentRecordsTest {
    private final ObjectMapper json = JsonMapper.builder().build();

    @Test
    void theComponentAndTheExtismPluginSumTheSameOrderAlike() {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            host.load(SamplePlugins.bench(ComponentRecordsBenchmark.COMPONENT));
            host.load(SamplePlugins.bench(ComponentRecordsBenchmark.EXTISM));
            assertThat(host.component(ComponentRecordsBenchmark.COMPONENT).functions().get("total").wit())
                    .isEqualTo("func(o: record { id: string, lines: list<record { sku: string, qty: u32, price-cents: u64 }> })"
                            + " -> record { id: string, lines: u32, total-cents: u64 }");
            for (int lines : new int[] {0, 1, 100, 1000}) {
                Orders.Order order = Orders.sample(lines);
                Orders.Summary expected = Orders.expected(order);

                Orders.Summary viaComponent = Orders.summary(host.component(ComponentRecordsBenchmark.COMPONENT)
                        .call("total", List.of(Orders.toValue(order))));
                byte[] answer = host.call(ComponentRecordsBenchmark.EXTISM, "total", json.writeValueAsBytes(order));
                Orders.Summary viaJson = json.readValue(answer, Orders.Summary.class);

                assertThat(viaComponent).as("component, %d lines", lines).isEqualTo(expected);
                assertThat(viaJson).as("Extism JSON, %d lines", lines).isEqualTo(expected);
                if (lines == 100) {
                    assertThat(expected.totalCents()).as("a total the sums could get wrong").isGreaterThan(1_000_000L);
                }
            }
        }
    }

    @Test
    void eachSideRefusesAnOrderOfTheWrongShape() {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            host.load(SamplePlugins.bench(ComponentRecordsBenchmark.COMPONENT));
            host.load(SamplePlugins.bench(ComponentRecordsBenchmark.EXTISM));
            assertThatThrownBy(() -> host.call(ComponentRecordsBenchmark.EXTISM, "total",
                    "{\"id\":\"o\",\"lines\":[{\"sku\":\"a\",\"qty\":-1,\"price-cents\":5}]}".getBytes(UTF_8)))
                    .isInstanceOf(PluginException.class).hasMessageContaining("order.lines[0].qty");
            assertThatThrownBy(() -> host.component(ComponentRecordsBenchmark.COMPONENT)
                    .call("total", List.of(new Value.Str("not an order"))))
                    .isInstanceOf(dev.plinth.component.value.InvalidValueException.class);
        }
    }
}
