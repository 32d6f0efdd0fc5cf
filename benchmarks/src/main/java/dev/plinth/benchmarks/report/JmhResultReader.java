package dev.plinth.benchmarks.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Reads a JMH result file written with {@code -rf json}. */
final class JmhResultReader {
    private final ObjectMapper mapper = JsonMapper.builder().build();

    /**
     * The results in the file. Each keeps the raw iteration scores ({@code primaryMetric.rawData},
     * one list per fork); a result without them (the {@code sample} mode keeps a histogram
     * instead) contributes its score as a single sample.
     *
     * @throws tools.jackson.core.JacksonException if the file is not JMH's JSON
     */
    List<JmhResult> read(Path file) {
        List<JmhResult> results = new ArrayList<>();
        for (JsonNode benchmark : mapper.readTree(file.toFile()).values()) {
            JsonNode metric = benchmark.path("primaryMetric");
            results.add(new JmhResult(
                    BenchmarkId.of(benchmark.path("benchmark").asString(), params(benchmark.path("params"))),
                    benchmark.path("mode").asString(),
                    benchmark.path("threads").asInt(1),
                    ScoreUnit.parse(metric.path("scoreUnit").asString()),
                    samples(metric),
                    jvm(benchmark),
                    file));
        }
        return results;
    }

    private static Map<String, String> params(JsonNode params) {
        Map<String, String> values = new TreeMap<>();
        params.properties().forEach(entry -> values.put(entry.getKey(), entry.getValue().asString()));
        return values;
    }

    private static List<Double> samples(JsonNode metric) {
        List<Double> samples = new ArrayList<>();
        for (JsonNode fork : metric.path("rawData").values()) {
            fork.values().forEach(iteration -> samples.add(iteration.asDouble()));
        }
        if (samples.isEmpty()) {
            samples.add(metric.path("score").asDouble(Double.NaN));
        }
        return samples;
    }

    private static JvmInfo jvm(JsonNode benchmark) {
        List<String> args = new ArrayList<>();
        benchmark.path("jvmArgs").values().forEach(arg -> args.add(arg.asString()));
        return new JvmInfo(benchmark.path("vmName").asString("?"), benchmark.path("vmVersion").asString("?"),
                benchmark.path("jdkVersion").asString("?"), args);
    }
}
