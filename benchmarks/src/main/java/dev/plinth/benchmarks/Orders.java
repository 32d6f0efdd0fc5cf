package dev.plinth.benchmarks;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.plinth.component.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records benchmark's data: an order of a string and a list of line records, as Java records (which
 * Jackson writes as the JSON the {@code orders-json} plugin reads) and as component {@link Value}s of
 * {@code orders.wit}'s {@code order} (what {@code orders-component} takes), and the summary both answer.
 */
final class Orders {
    private Orders() {
    }

    /** {@code record line { sku: string, qty: u32, price-cents: u64 }}. */
    record Line(String sku, long qty, @JsonProperty("price-cents") long priceCents) {
    }

    /** {@code record order { id: string, lines: list<line> }}. */
    record Order(String id, List<Line> lines) {
    }

    /** {@code record summary { id: string, lines: u32, total-cents: u64 }}. */
    record Summary(String id, long lines, @JsonProperty("total-cents") long totalCents) {
    }

    /** A deterministic order of {@code lines} lines: SKUs of 10 characters, qty 1..10, prices up to 1000.00. */
    static Order sample(int lines) {
        List<Line> items = new ArrayList<>(lines);
        long state = 42;
        for (int i = 0; i < lines; i++) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            long qty = 1 + ((state >>> 33) % 10);
            long price = 100 + ((state >>> 40) % 99_901);
            items.add(new Line(String.format("SKU-%06d", i), qty, price));
        }
        return new Order("order-2026-0001", items);
    }

    /** The summary computed in Java: what both plugins must answer. */
    static Summary expected(Order order) {
        long total = 0;
        for (Line line : order.lines()) {
            total += line.qty() * line.priceCents();
        }
        return new Summary(order.id(), order.lines().size(), total);
    }

    /** The order as the component's {@code order} value: what a generic caller builds per call. */
    static Value toValue(Order order) {
        List<Value> lines = new ArrayList<>(order.lines().size());
        for (Line line : order.lines()) {
            Map<String, Value> fields = new LinkedHashMap<>(4);
            fields.put("sku", new Value.Str(line.sku()));
            fields.put("qty", new Value.U32(line.qty()));
            fields.put("price-cents", new Value.U64(line.priceCents()));
            lines.add(new Value.Record(fields));
        }
        Map<String, Value> fields = new LinkedHashMap<>(2);
        fields.put("id", new Value.Str(order.id()));
        fields.put("lines", new Value.ListOf(lines));
        return new Value.Record(fields);
    }

    /** The component's {@code summary} result as the Java record. */
    static Summary summary(List<Value> results) {
        if (results.size() != 1 || !(results.get(0) instanceof Value.Record record)) {
            throw new IllegalStateException("expected one summary record, got " + results);
        }
        Map<String, Value> fields = record.fields();
        return new Summary(((Value.Str) fields.get("id")).value(), ((Value.U32) fields.get("lines")).value(),
                ((Value.U64) fields.get("total-cents")).bits());
    }
}
