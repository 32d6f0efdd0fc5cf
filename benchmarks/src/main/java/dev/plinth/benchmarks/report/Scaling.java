package dev.plinth.benchmarks.report;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** How throughput grows with threads: throughput of more threads ÷ throughput of one, at least {@code minimum}. */
record Scaling(FigureRef moreThreads, FigureRef oneThread, double minimum) implements Measure {
    private static final ScoreUnit OPS_PER_SECOND = new ScoreUnit(true, TimeUnit.SECONDS);

    @Override
    public List<FigureRef> figures() {
        return List.of(moreThreads, oneThread);
    }

    @Override
    public String formula() {
        return "throughput of " + moreThreads.describe() + " ÷ throughput of " + oneThread.describe();
    }

    @Override
    public String target() {
        return "≥ " + Numbers.plain(minimum) + "×";
    }

    @Override
    public Evaluation evaluate(List<PooledScore> scores) {
        Estimate scaling = scores.get(0).in(OPS_PER_SECOND).dividedBy(scores.get(1).in(OPS_PER_SECOND));
        String gap = Numbers.format(Math.abs(scaling.value() - minimum));
        return Evaluation.judged(Numbers.withError(scaling.value(), scaling.error()) + "×", target(), scaling, minimum,
                "with " + gap + " to spare", "by " + gap);
    }
}
