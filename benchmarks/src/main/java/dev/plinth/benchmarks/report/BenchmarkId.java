package dev.plinth.benchmarks.report;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One benchmark method with one set of parameter values: what JMH reports one score for, e.g.
 * {@code dev.plinth.benchmarks.SmallCallBenchmark.plinthEcho} with {@code mode=COMPILED}.
 */
record BenchmarkId(String benchmark, SortedMap<String, String> params) {
    BenchmarkId {
        params = Collections.unmodifiableSortedMap(new TreeMap<>(params));
    }

    static BenchmarkId of(String benchmark, Map<String, String> params) {
        return new BenchmarkId(benchmark, new TreeMap<>(params));
    }

    /** The benchmark class without its package, e.g. {@code SmallCallBenchmark}. */
    String className() {
        return simpleName(benchmark).substring(0, simpleName(benchmark).indexOf('.'));
    }

    /** The benchmark method, e.g. {@code plinthEcho}. */
    String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /** The parameters as {@code name=value, ...}, empty when there are none. */
    String parameterText() {
        return parameterText(params);
    }

    /** Class, method and parameters, e.g. {@code SmallCallBenchmark.plinthEcho [mode=COMPILED]}. */
    String describe() {
        return describe(benchmark, params);
    }

    static String describe(String benchmark, Map<String, String> params) {
        return simpleName(benchmark) + (params.isEmpty() ? "" : " [" + parameterText(params) + "]");
    }

    private static String parameterText(Map<String, String> params) {
        return new TreeMap<>(params).entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(", "));
    }

    /** {@code Class.method} without the package. */
    private static String simpleName(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        int type = benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(type + 1);
    }
}
