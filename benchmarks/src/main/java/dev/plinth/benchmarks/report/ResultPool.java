package dev.plinth.benchmarks.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every score of the suite, each benchmark's results from all rounds pooled: the raw iteration
 * scores of every file are put together (in the unit of the first) and the mean and error are
 * computed over them all, as if the rounds were forks of one JMH run.
 */
final class ResultPool {
    private final List<PooledScore> scores;

    private ResultPool(List<PooledScore> scores) {
        this.scores = List.copyOf(scores);
    }

    static ResultPool of(List<JmhResult> results) {
        Map<BenchmarkId, List<JmhResult>> byId = new LinkedHashMap<>();
        results.forEach(result -> byId.computeIfAbsent(result.id(), id -> new ArrayList<>()).add(result));
        List<PooledScore> scores = new ArrayList<>();
        byId.values().forEach(rounds -> scores.add(pool(rounds)));
        scores.sort(Comparator.comparing((PooledScore score) -> score.id().benchmark())
                .thenComparing(score -> score.id().parameterText()));
        return new ResultPool(scores);
    }

    /** All pooled scores, by benchmark name and parameters. */
    List<PooledScore> scores() {
        return scores;
    }

    /** The scores a reference matches: one when the figure was measured, none when it was not. */
    List<PooledScore> matching(FigureRef ref) {
        return scores.stream().filter(score -> ref.matches(score.id())).toList();
    }

    private static PooledScore pool(List<JmhResult> rounds) {
        JmhResult first = rounds.get(0);
        List<Double> samples = new ArrayList<>();
        for (JmhResult round : rounds) {
            round.samples().forEach(sample -> samples.add(round.unit().convert(sample, first.unit())));
        }
        long files = rounds.stream().map(JmhResult::file).distinct().count();
        return new PooledScore(first.id(), first.mode(), first.threads(), first.unit(), Estimate.ofSamples(samples),
                samples.size(), (int) files);
    }
}
