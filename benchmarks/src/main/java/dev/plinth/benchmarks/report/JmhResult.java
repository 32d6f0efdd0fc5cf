package dev.plinth.benchmarks.report;

import java.nio.file.Path;
import java.util.List;

/**
 * One benchmark's result in one JMH result file: its mode ({@code avgt}, {@code thrpt}, {@code ss},
 * ...), threads, unit and every measurement iteration of every fork, which is what rounds are
 * pooled from.
 */
record JmhResult(BenchmarkId id, String mode, int threads, ScoreUnit unit, List<Double> samples, JvmInfo jvm,
        Path file) {
    JmhResult {
        samples = List.copyOf(samples);
    }
}
