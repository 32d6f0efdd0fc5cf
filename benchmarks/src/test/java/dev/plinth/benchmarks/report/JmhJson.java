package dev.plinth.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes result files in the shape JMH 1.37 writes with {@code -rf json}, for the tests. */
final class JmhJson {
    private JmhJson() {
    }

    /**
     * One benchmark's entry.
     *
     * @param forks the measurement iterations of each fork, JMH's {@code rawData}
     */
    static String result(String benchmark, Map<String, String> params, String mode, String unit, int threads,
            double[]... forks) {
        String paramsJson = params.entrySet().stream()
                .map(entry -> "\"" + entry.getKey() + "\" : \"" + entry.getValue() + "\"")
                .collect(Collectors.joining(", "));
        String rawData = Arrays.stream(forks)
                .map(fork -> Arrays.stream(fork).mapToObj(JmhJson::number).collect(Collectors.joining(", ", "[", "]")))
                .collect(Collectors.joining(", "));
        double score = Arrays.stream(forks).flatMapToDouble(Arrays::stream).average().orElse(Double.NaN);
        return """
                {
                    "jmhVersion" : "1.37",
                    "benchmark" : "%s",
                    "mode" : "%s",
                    "threads" : %d,
                    "forks" : %d,
                    "jvm" : "/usr/lib/jvm/java-17-openjdk-amd64/bin/java",
                    "jvmArgs" : [ "-XX:-DontCompileHugeMethods" ],
                    "jdkVersion" : "17.0.15",
                    "vmName" : "OpenJDK 64-Bit Server VM",
                    "vmVersion" : "17.0.15+6-Debian-1deb12u1",
                    "warmupIterations" : 1,
                    "warmupTime" : "1 s",
                    "warmupBatchSize" : 1,
                    "measurementIterations" : %d,
                    "measurementTime" : "1 s",
                    "measurementBatchSize" : 1,
                    "params" : { %s },
                    "primaryMetric" : {
                        "score" : %s,
                        "scoreError" : "NaN",
                        "scoreConfidence" : [ "NaN", "NaN" ],
                        "scorePercentiles" : { "0.0" : %s, "100.0" : %s },
                        "scoreUnit" : "%s",
                        "rawData" : [ %s ]
                    },
                    "secondaryMetrics" : {
                    }
                }""".formatted(benchmark, mode, threads, forks.length, forks.length == 0 ? 0 : forks[0].length, paramsJson,
                number(score), number(score), number(score), unit, rawData);
    }

    /** An average-time entry of one fork, one thread. */
    static String averageTime(String benchmark, Map<String, String> params, String unit, double... iterations) {
        return result(benchmark, params, "avgt", unit, 1, iterations);
    }

    /** Writes entries as one result file, as JMH does for one run. */
    static Path write(Path dir, String name, List<String> entries) throws IOException {
        return Files.writeString(dir.resolve(name), "[\n" + String.join(",\n", entries) + "\n]\n");
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%s", value);
    }
}
