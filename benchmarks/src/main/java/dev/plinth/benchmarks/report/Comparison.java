package dev.plinth.benchmarks.report;

import java.util.List;
import java.util.Optional;

/** One line of the report and one bar of the chart: a label such as "small call, echo" and its measure. */
record Comparison(String label, Measure measure) {
    /** Evaluates the measure, or says which figure is missing and why. */
    ComparisonResult evaluate(Figures figures) {
        List<Optional<PooledScore>> scores = measure.figures().stream().map(figures::find).toList();
        Evaluation evaluation = scores.stream().allMatch(Optional::isPresent)
                ? measure.evaluate(scores.stream().map(Optional::get).toList())
                : Evaluation.notMeasured(measure.target(), figures.whyMissing(measure.figures()));
        return new ComparisonResult(label, measure.formula(), evaluation);
    }
}
