package dev.plinth.benchmarks.report;

import java.util.Map;

/**
 * The figure a comparison needs: a benchmark and the parameter values that pick its score. A
 * result matches when it has these values, whatever other parameters it has, so a benchmark that
 * gains a parameter still finds its figure as long as only one result matches.
 */
record FigureRef(String benchmark, Map<String, String> params) {
    FigureRef {
        params = Map.copyOf(params);
    }

    static FigureRef of(String benchmark) {
        return new FigureRef(benchmark, Map.of());
    }

    static FigureRef of(String benchmark, String param, String value) {
        return new FigureRef(benchmark, Map.of(param, value));
    }

    boolean matches(BenchmarkId id) {
        return id.benchmark().equals(benchmark) && id.params().entrySet().containsAll(params.entrySet());
    }

    /** Class, method and parameters, e.g. {@code SmallCallBenchmark.plinthEcho [mode=COMPILED]}. */
    String describe() {
        return BenchmarkId.describe(benchmark, params);
    }
}
