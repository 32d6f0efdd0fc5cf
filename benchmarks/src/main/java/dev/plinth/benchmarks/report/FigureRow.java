package dev.plinth.benchmarks.report;

import java.util.Comparator;
import java.util.Optional;

/**
 * One line of the figures table: a pooled score, or a figure the suite should have produced with
 * the reason it did not.
 */
record FigureRow(BenchmarkId id, Optional<PooledScore> score, String missingReason) {
    /** By benchmark name (Plinth's package before Extism's), then parameters. */
    static final Comparator<FigureRow> ORDER = Comparator.comparing((FigureRow row) -> row.id().benchmark())
            .thenComparing(row -> row.id().parameterText());

    static FigureRow measured(PooledScore score) {
        return new FigureRow(score.id(), Optional.of(score), "");
    }

    static FigureRow notMeasured(FigureRef ref, String reason) {
        return new FigureRow(BenchmarkId.of(ref.benchmark(), ref.params()), Optional.empty(), reason);
    }
}
