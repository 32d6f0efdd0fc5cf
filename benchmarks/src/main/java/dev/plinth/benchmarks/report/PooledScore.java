package dev.plinth.benchmarks.report;

/**
 * A benchmark's score over the whole suite: the iterations of every round and fork pooled into
 * one mean and 99.9% confidence half-width.
 *
 * @param samples how many measurement iterations were pooled
 * @param rounds how many result files (suite rounds) they came from
 */
record PooledScore(BenchmarkId id, String mode, int threads, ScoreUnit unit, Estimate estimate, int samples,
        int rounds) {
    /** The score in another unit, e.g. seconds per operation for a ratio. */
    Estimate in(ScoreUnit target) {
        return unit.convert(estimate, target);
    }
}
