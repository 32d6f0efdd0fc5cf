package dev.plinth.benchmarks.report;

import java.util.List;

/**
 * What fuel metering costs: metered time ÷ unmetered time − 1, at most {@code maximum} (a
 * fraction: 0.15 for 15%). On the chart it is the speed kept, unmetered ÷ metered time, against
 * 1 ÷ (1 + maximum).
 */
record Overhead(FigureRef metered, FigureRef unmetered, double maximum) implements Measure {
    @Override
    public List<FigureRef> figures() {
        return List.of(metered, unmetered);
    }

    @Override
    public String formula() {
        return "time of " + metered.describe() + " ÷ time of " + unmetered.describe() + " − 1";
    }

    @Override
    public String target() {
        return "≤ " + Numbers.plainPercent(maximum);
    }

    @Override
    public Evaluation evaluate(List<PooledScore> scores) {
        Estimate ratio = scores.get(0).secondsPerOp().dividedBy(scores.get(1).secondsPerOp());
        Estimate overhead = ratio.plus(-1);
        String measured = Numbers.percent(overhead.value()) + (overhead.hasError()
                ? " ± " + Numbers.error(overhead.value() * 100, overhead.error() * 100) + " points"
                : "");
        double gapPoints = Math.abs(maximum - overhead.value()) * 100;
        return Evaluation.judged(measured, target(), ratio.inverse(), 1 / (1 + maximum),
                "with " + Numbers.format(gapPoints) + " points to spare",
                "by " + Numbers.format(gapPoints) + " points");
    }
}
