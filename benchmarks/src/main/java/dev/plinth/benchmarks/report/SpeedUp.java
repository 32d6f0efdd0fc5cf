package dev.plinth.benchmarks.report;

import java.util.List;
import java.util.OptionalDouble;

/**
 * How much faster Plinth is than a baseline (Extism, plain Java): the baseline's time per
 * operation ÷ Plinth's, above 1 when Plinth is faster. A minimum below 1 reads as "at most so
 * many times slower", as in "compute within 1.3× of plain Java".
 *
 * @param condition where the target holds when it depends on it, e.g. {@code JDK 17}; empty if always
 */
record SpeedUp(FigureRef plinth, FigureRef baseline, OptionalDouble minimum, String condition) implements Measure {
    static SpeedUp atLeast(FigureRef plinth, FigureRef baseline, double minimum) {
        return new SpeedUp(plinth, baseline, OptionalDouble.of(minimum), "");
    }

    static SpeedUp untargeted(FigureRef plinth, FigureRef baseline) {
        return new SpeedUp(plinth, baseline, OptionalDouble.empty(), "");
    }

    /** This speed-up with its target said to hold where {@code condition} says, e.g. {@code on JDK 17}. */
    SpeedUp where(String condition) {
        return new SpeedUp(plinth, baseline, minimum, condition);
    }

    @Override
    public List<FigureRef> figures() {
        return List.of(plinth, baseline);
    }

    @Override
    public String formula() {
        return "time of " + baseline.describe() + " ÷ time of " + plinth.describe();
    }

    @Override
    public String target() {
        if (minimum.isEmpty()) {
            return Evaluation.NO_TARGET;
        }
        return Numbers.speedUpTarget(minimum.getAsDouble()) + (condition.isEmpty() ? "" : " " + condition);
    }

    @Override
    public Evaluation evaluate(List<PooledScore> scores) {
        Estimate speedUp = scores.get(1).secondsPerOp().dividedBy(scores.get(0).secondsPerOp());
        String measured = Numbers.speedUp(speedUp);
        if (minimum.isEmpty()) {
            return Evaluation.withoutTarget(measured, speedUp);
        }
        double target = minimum.getAsDouble();
        return Evaluation.judged(measured, target(), speedUp, target,
                "with " + Numbers.format(speedUp.value() / target) + "× to spare",
                "by " + Numbers.format(target / speedUp.value()) + "×");
    }
}
