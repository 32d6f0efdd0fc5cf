package dev.plinth.benchmarks.report;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The outcome of one comparison, for the table and for the chart.
 *
 * @param measured the figure as the reader says it, e.g. {@code 7.31× faster ± 0.52}
 * @param target the target as the reader says it, e.g. {@code ≥ 5× faster}; {@code —} if none
 * @param detail by how much the target was met or missed, or why nothing was measured
 * @param chartValue the figure on the chart's scale, where higher is better: a speed-up, or how
 *     many times a budget or an allowed overhead is undercut
 * @param chartTarget the target on the chart's scale, a minimum
 */
record Evaluation(Verdict verdict, String measured, String target, String detail, Optional<Estimate> chartValue,
        OptionalDouble chartTarget) {
    static final String NO_TARGET = "—";

    static Evaluation notMeasured(String target, String reason) {
        return new Evaluation(Verdict.NOT_MEASURED, "not measured", target, reason, Optional.empty(),
                OptionalDouble.empty());
    }

    static Evaluation withoutTarget(String measured, Estimate chartValue) {
        return new Evaluation(Verdict.NO_TARGET, measured, NO_TARGET, "", Optional.of(chartValue),
                OptionalDouble.empty());
    }

    /**
     * Judges a figure against its target on the chart's scale (met when at or above it) and says by
     * how much, adding that the interval straddles the target when it does.
     */
    static Evaluation judged(String measured, String target, Estimate chartValue, double chartTarget, String gapIfMet,
            String gapIfMissed) {
        boolean met = chartValue.value() >= chartTarget;
        String detail = (met ? gapIfMet : gapIfMissed) + (chartValue.covers(chartTarget) ? ", within the error" : "");
        return new Evaluation(met ? Verdict.MET : Verdict.MISSED, measured, target, detail, Optional.of(chartValue),
                OptionalDouble.of(chartTarget));
    }
}
