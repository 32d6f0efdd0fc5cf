package dev.plinth.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultPoolTest {
    private static final String ECHO = "dev.plinth.benchmarks.SmallCallBenchmark.plinthEcho";
    private static final Map<String, String> COMPILED = Map.of("mode", "COMPILED");

    @TempDir
    Path dir;

    @Test
    void poolsTheIterationsOfEveryRoundIntoOneMeanAndInterval() throws IOException {
        ResultPool pool = pool(
                JmhJson.write(dir, "small-call-plinth-1.json", List.of(JmhJson.averageTime(ECHO, COMPILED, "us/op", 10, 12, 11))),
                JmhJson.write(dir, "small-call-plinth-2.json", List.of(JmhJson.averageTime(ECHO, COMPILED, "us/op", 13, 9, 11))));

        PooledScore score = pool.matching(FigureRef.of(ECHO, "mode", "COMPILED")).get(0);

        // Six samples: mean 11, variance 10 / 5 = 2. Student's t for 99.9% with 5 degrees of
        // freedom is 6.8688 (tables), so the half-width is 6.8688 × √2 / √6 = 3.9657.
        assertThat(score.estimate().value()).isCloseTo(11, within(1e-9));
        assertThat(score.estimate().error()).isCloseTo(3.9657, within(1e-3));
        assertThat(score.samples()).isEqualTo(6);
        assertThat(score.rounds()).isEqualTo(2);
        assertThat(score.unit()).isEqualTo(ScoreUnit.parse("us/op"));
        assertThat(score.mode()).isEqualTo("avgt");
    }

    @Test
    void poolsForksAndConvertsRoundsReportedInAnotherUnit() throws IOException {
        ResultPool pool = pool(
                JmhJson.write(dir, "a.json", List.of(JmhJson.result(ECHO, COMPILED, "avgt", "us/op", 1,
                        new double[] {10, 12}, new double[] {11, 13}))),
                JmhJson.write(dir, "b.json", List.of(JmhJson.averageTime(ECHO, COMPILED, "ms/op", 0.009, 0.011))));

        PooledScore score = pool.scores().get(0);

        assertThat(score.samples()).isEqualTo(6);
        assertThat(score.estimate().value()).isCloseTo((10 + 12 + 11 + 13 + 9 + 11) / 6.0, within(1e-9));
    }

    @Test
    void keepsParameterValuesApartAndMatchesOnTheOnesAsked() throws IOException {
        ResultPool pool = pool(JmhJson.write(dir, "fuel.json", List.of(
                JmhJson.averageTime("dev.plinth.benchmarks.FuelBenchmark.call",
                        Map.of("fuel", "metered", "function", "transform"), "us/op", 190, 185, 187),
                JmhJson.averageTime("dev.plinth.benchmarks.FuelBenchmark.call",
                        Map.of("fuel", "unmetered", "function", "transform"), "us/op", 150, 155, 160))));

        assertThat(pool.scores()).hasSize(2);
        assertThat(pool.matching(new FigureRef("dev.plinth.benchmarks.FuelBenchmark.call",
                Map.of("fuel", "unmetered", "function", "transform")))).singleElement()
                .satisfies(score -> assertThat(score.estimate().value()).isCloseTo(155, within(1e-9)));
        assertThat(pool.matching(FigureRef.of("dev.plinth.benchmarks.FuelBenchmark.call"))).hasSize(2);
        assertThat(pool.matching(FigureRef.of("dev.plinth.benchmarks.FuelBenchmark.call", "fuel", "none"))).isEmpty();
    }

    @Test
    void givesNoErrorBelowThreeSamplesAsJmhDoes() throws IOException {
        ResultPool pool = pool(JmhJson.write(dir, "one.json", List.of(JmhJson.averageTime(ECHO, COMPILED, "us/op", 3, 5))));

        assertThat(pool.scores().get(0).estimate().value()).isEqualTo(4);
        assertThat(pool.scores().get(0).estimate().hasError()).isFalse();
    }

    private static ResultPool pool(Path... files) {
        JmhResultReader reader = new JmhResultReader();
        List<JmhResult> results = new ArrayList<>();
        for (Path file : files) {
            results.addAll(reader.read(file));
        }
        return ResultPool.of(results);
    }
}
