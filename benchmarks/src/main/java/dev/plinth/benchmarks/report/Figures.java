package dev.plinth.benchmarks.report;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The figures comparisons ask for: a pooled score when it was measured, else the reason it was not. */
final class Figures {
    private final ResultPool pool;
    private final RunLog runLog;

    Figures(ResultPool pool, RunLog runLog) {
        this.pool = pool;
        this.runLog = runLog;
    }

    /** The score of the one result that matches, empty when none or several match. */
    Optional<PooledScore> find(FigureRef ref) {
        List<PooledScore> matching = pool.matching(ref);
        return matching.size() == 1 ? Optional.of(matching.get(0)) : Optional.empty();
    }

    /** Why {@link #find} found no score, e.g. {@code not in benchmarks-extism/target/benchmarks-extism.jar}. */
    String reasonMissing(FigureRef ref) {
        int matching = pool.matching(ref).size();
        if (matching > 1) {
            return matching + " results match; the comparison needs more parameters to pick one";
        }
        List<String> otherParameters = pool.scores().stream()
                .filter(score -> score.id().benchmark().equals(ref.benchmark()))
                .map(score -> score.id().parameterText()).toList();
        return otherParameters.isEmpty()
                ? runLog.explainMissing(ref)
                : "measured only with " + String.join("; ", otherParameters);
    }

    /** Which of these figures are missing and why, e.g. {@code ExtismSmallCallBenchmark.echo: not in ...}. */
    String whyMissing(List<FigureRef> refs) {
        return refs.stream().filter(ref -> find(ref).isEmpty())
                .map(ref -> ref.describe() + ": " + reasonMissing(ref))
                .collect(Collectors.joining("; "));
    }
}
