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
    /** The score in another unit. */
    Estimate in(ScoreUnit target) {
        return unit.convert(estimate, target);
    }

    /** The score as a time per operation in seconds, the unit ratios of times are taken in. */
    Estimate secondsPerOp() {
        return in(ScoreUnit.SECONDS_PER_OP);
    }
}
