package dev.plinth.benchmarks.report;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A time per operation that must stay under a limit, e.g. a cache-hit load under 5 ms. On the
 * chart it is the limit ÷ the time: how many times the budget is undercut, against 1.
 */
record Budget(FigureRef figure, double limit, TimeUnit unit) implements Measure {
    @Override
    public List<FigureRef> figures() {
        return List.of(figure);
    }

    @Override
    public String formula() {
        return "time of " + figure.describe();
    }

    @Override
    public String target() {
        return "< " + Numbers.plain(limit) + " " + ScoreUnit.timeSymbol(unit);
    }

    @Override
    public Evaluation evaluate(List<PooledScore> scores) {
        Estimate time = scores.get(0).in(ScoreUnit.perOperation(unit));
        String symbol = ScoreUnit.timeSymbol(unit);
        String gap = Numbers.format(Math.abs(limit - time.value())) + " " + symbol;
        return Evaluation.judged(Numbers.withError(time.value(), time.error()) + " " + symbol, target(),
                new Estimate(limit, 0).dividedBy(time), 1, "with " + gap + " to spare", "by " + gap);
    }
}
