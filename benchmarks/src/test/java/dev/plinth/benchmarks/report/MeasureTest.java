package dev.plinth.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MeasureTest {
    private static final FigureRef PLINTH = FigureRef.of("dev.plinth.benchmarks.A.plinth");
    private static final FigureRef OTHER = FigureRef.of("dev.plinth.benchmarks.A.other");

    @Test
    void speedUpMetSaysByHowMuch() {
        Evaluation evaluation = SpeedUp.atLeast(PLINTH, OTHER, 5).evaluate(List.of(score(4, "us/op"), score(30, "us/op")));

        assertThat(evaluation.verdict()).isEqualTo(Verdict.MET);
        assertThat(evaluation.measured()).isEqualTo("7.50× faster");
        assertThat(evaluation.target()).isEqualTo("≥ 5× faster");
        assertThat(evaluation.detail()).isEqualTo("with 1.50× to spare");
        assertThat(evaluation.chartValue().orElseThrow().value()).isCloseTo(7.5, within(1e-9));
        assertThat(evaluation.chartTarget()).hasValue(5);
    }

    @Test
    void speedUpComparesFiguresReportedInDifferentUnits() {
        Evaluation evaluation = SpeedUp.atLeast(PLINTH, OTHER, 5).evaluate(List.of(score(10, "us/op"), score(0.03, "ms/op")));

        assertThat(evaluation.verdict()).isEqualTo(Verdict.MISSED);
        assertThat(evaluation.measured()).isEqualTo("3.00× faster");
        assertThat(evaluation.detail()).isEqualTo("by 1.67×");
    }

    @Test
    void aMinimumBelowOneReadsAsAtMostSoManyTimesSlower() {
        Evaluation evaluation = SpeedUp.atLeast(PLINTH, OTHER, 1 / 1.5).evaluate(List.of(score(30, "ms/op"), score(15, "ms/op")));

        assertThat(evaluation.verdict()).isEqualTo(Verdict.MISSED);
        assertThat(evaluation.measured()).isEqualTo("2.00× slower");
        assertThat(evaluation.target()).isEqualTo("≤ 1.5× slower");
        assertThat(evaluation.detail()).isEqualTo("by 1.33×");
    }

    @Test
    void aVerdictInsideTheIntervalSaysSo() {
        Evaluation evaluation = SpeedUp.atLeast(PLINTH, OTHER, 5)
                .evaluate(List.of(score(10, 0.5, "us/op"), score(49, 2, "us/op")));

        assertThat(evaluation.verdict()).isEqualTo(Verdict.MISSED);
        assertThat(evaluation.measured()).startsWith("4.90× faster ± ");
        assertThat(evaluation.detail()).isEqualTo("by 1.02×, within the error");
    }

    @Test
    void aSpeedUpWithoutTargetIsOnlyReported() {
        Evaluation evaluation = SpeedUp.untargeted(PLINTH, OTHER).evaluate(List.of(score(3.6, "us/op"), score(43, "ns/op")));

        assertThat(evaluation.verdict()).isEqualTo(Verdict.NO_TARGET);
        assertThat(evaluation.measured()).isEqualTo("83.7× slower");
        assertThat(evaluation.target()).isEqualTo(Evaluation.NO_TARGET);
        assertThat(evaluation.chartTarget()).isEmpty();
    }

    @Test
    void fuelOverheadIsMeteredOverUnmeteredMinusOne() {
        Overhead overhead = new Overhead(PLINTH, OTHER, 0.15);

        Evaluation missed = overhead.evaluate(List.of(score(120, "us/op"), score(100, "us/op")));
        Evaluation met = overhead.evaluate(List.of(score(110, "us/op"), score(0.1, "ms/op")));

        assertThat(missed.verdict()).isEqualTo(Verdict.MISSED);
        assertThat(missed.measured()).isEqualTo("+20.0%");
        assertThat(missed.target()).isEqualTo("≤ +15%");
        assertThat(missed.detail()).isEqualTo("by 5.00 points");
        assertThat(missed.chartTarget().orElseThrow()).isCloseTo(1 / 1.15, within(1e-12));
        assertThat(met.verdict()).isEqualTo(Verdict.MET);
        assertThat(met.detail()).isEqualTo("with 5.00 points to spare");
    }

    @Test
    void aBudgetConvertsTheTimeIntoItsUnit() {
        Evaluation evaluation = new Budget(PLINTH, 5, TimeUnit.MILLISECONDS).evaluate(List.of(score(3200, "us/op")));

        assertThat(evaluation.verdict()).isEqualTo(Verdict.MET);
        assertThat(evaluation.measured()).isEqualTo("3.20 ms");
        assertThat(evaluation.target()).isEqualTo("< 5 ms");
        assertThat(evaluation.detail()).isEqualTo("with 1.80 ms to spare");
        assertThat(evaluation.chartValue().orElseThrow().value()).isCloseTo(5 / 3.2, within(1e-9));
    }

    @Test
    void scalingDividesThroughputs() {
        Evaluation evaluation = new Scaling(PLINTH, OTHER, 1.8).evaluate(List.of(score(34, "ops/ms"), score(20, "ops/ms")));

        assertThat(evaluation.verdict()).isEqualTo(Verdict.MISSED);
        assertThat(evaluation.measured()).isEqualTo("1.70×");
        assertThat(evaluation.detail()).isEqualTo("by 0.100");
    }

    private static PooledScore score(double mean, String unit) {
        return score(mean, Double.NaN, unit);
    }

    private static PooledScore score(double mean, double error, String unit) {
        return new PooledScore(BenchmarkId.of("dev.plinth.benchmarks.A.b", Map.of()), "avgt", 1, ScoreUnit.parse(unit),
                new Estimate(mean, error), 6, 2);
    }
}
