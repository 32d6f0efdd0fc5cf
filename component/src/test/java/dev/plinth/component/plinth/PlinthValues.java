package dev.plinth.component.plinth;

import dev.plinth.component.HostFunction;
import dev.plinth.component.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Values of wit/plinth.wit's types, built and taken apart for the tests of the component plugins. */
final class PlinthValues {
    static final String LIFECYCLE = "plinth:plugin/lifecycle@0.1.0#";
    static final String PROCESSING = "plinth:plugin/processing@0.1.0#";
    static final String LOGGER = "plinth:plugin/logger@0.1.0#log";

    private PlinthValues() {
    }

    /** A record of name-value pairs, in order. */
    static Value record(Object... namesAndValues) {
        Map<String, Value> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], (Value) namesAndValues[i + 1]);
        }
        return new Value.Record(fields);
    }

    static Value str(String s) {
        return new Value.Str(s);
    }

    static Value pairs(String... keysAndValues) {
        List<Value> pairs = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            pairs.add(new Value.Tuple(List.of(str(keysAndValues[i]), str(keysAndValues[i + 1]))));
        }
        return new Value.ListOf(pairs);
    }

    static Value strings(String... strings) {
        return new Value.ListOf(List.of(strings).stream().map(PlinthValues::str).map(Value.class::cast).toList());
    }

    static Value bytes(int... bytes) {
        List<Value> list = new ArrayList<>();
        for (int b : bytes) {
            list.add(new Value.U8(b));
        }
        return new Value.ListOf(list);
    }

    static Value text(String s) {
        return new Value.Variant("text", Optional.of(str(s)));
    }

    static Value binary(int... bytes) {
        return new Value.Variant("binary", Optional.of(bytes(bytes)));
    }

    static Value number(double d) {
        return new Value.Variant("number", Optional.of(new Value.F64(d)));
    }

    static Value empty() {
        return new Value.Variant("empty", Optional.empty());
    }

    static Value request(String id, String operation, Value payload, Value attributes) {
        return record("id", str(id), "operation", str(operation), "payload", payload, "attributes", attributes);
    }

    static Value ok(Value payload) {
        return new Value.Result(true, Optional.ofNullable(payload));
    }

    static Value err(Value payload) {
        return new Value.Result(false, Optional.of(payload));
    }

    static Value error(String caseName, String message) {
        return new Value.Variant(caseName, Optional.of(str(message)));
    }

    static Value some(Value v) {
        return new Value.Option(Optional.of(v));
    }

    static Value none() {
        return new Value.Option(Optional.empty());
    }

    /** The logger import, recording each call as "level: message". */
    static Map<String, HostFunction> logger(List<String> log) {
        return Map.of(LOGGER, args -> {
            synchronized (log) {
                log.add(((Value.Enum) args.get(0)).caseName() + ": " + ((Value.Str) args.get(1)).value());
            }
            return List.of();
        });
    }
}
