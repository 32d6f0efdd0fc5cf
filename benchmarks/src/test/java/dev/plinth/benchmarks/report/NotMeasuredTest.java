package dev.plinth.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A figure without a result is reported as not measured, with the reason the run log gives. */
class NotMeasuredTest {
    private static final String PLINTH_JAR = "benchmarks/target/benchmarks.jar";
    private static final String EXTISM_JAR = "benchmarks-extism/target/benchmarks-extism.jar";
    private static final String ECHO = "dev.plinth.benchmarks.SmallCallBenchmark.plinthEcho";
    private static final FigureRef COMPILED_ECHO = FigureRef.of(ECHO, "mode", "COMPILED");

    @TempDir
    Path dir;

    @BeforeEach
    void aSuiteWithoutTheExtismJar() throws IOException {
        Files.writeString(dir.resolve("plinth.benchmarks"), String.join("\n", ECHO + "\t2",
                "dev.plinth.benchmarks.ReloadBenchmark.reload\t1",
                "dev.plinth.benchmarks.DeadlineBenchmark.spinUntilStopped\t1") + "\n");
        Files.writeString(dir.resolve(RunLog.RUNS_FILE), String.join("\n",
                "step\tside\tround\tjar\tstatus\tpatterns\tjson\tlog\tcommand",
                run("small-call", "plinth", PLINTH_JAR, "ok", "\\.SmallCallBenchmark\\. \\.JavaSmallCallBenchmark\\."),
                run("small-call", "extism", EXTISM_JAR, "skipped: " + EXTISM_JAR + " not built",
                        "\\.ExtismSmallCallBenchmark\\."),
                run("reload", "plinth", PLINTH_JAR, "failed (exit 1)", "\\.ReloadBenchmark\\."),
                run("deadline", "plinth", PLINTH_JAR, "partly failed", "\\.DeadlineBenchmark\\.")) + "\n");
        JmhJson.write(dir, "small-call-plinth-1.json",
                List.of(JmhJson.averageTime(ECHO, Map.of("mode", "COMPILED"), "us/op", 3.5, 3.6, 3.7)));
    }

    @Test
    void aComparisonWithAMissingSideSaysWhichAndWhy() {
        Comparison comparison = new Comparison("small call, echo", SpeedUp.atLeast(COMPILED_ECHO,
                FigureRef.of("dev.plinth.benchmarks.extism.ExtismSmallCallBenchmark.echo"), 5));

        ComparisonResult result = comparison.evaluate(figures());

        assertThat(result.evaluation().verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(result.evaluation().measured()).isEqualTo("not measured");
        assertThat(result.evaluation().target()).isEqualTo("≥ 5× faster");
        assertThat(result.evaluation().detail())
                .isEqualTo("ExtismSmallCallBenchmark.echo: " + EXTISM_JAR + " not built");
        assertThat(result.evaluation().chartValue()).isEmpty();
    }

    @Test
    void eachReasonNamesTheCause() {
        Figures figures = figures();

        assertThat(figures.reasonMissing(FigureRef.of("dev.plinth.benchmarks.JavaSmallCallBenchmark.javaEcho")))
                .isEqualTo("not in " + PLINTH_JAR);
        assertThat(figures.reasonMissing(FigureRef.of("dev.plinth.benchmarks.ReloadBenchmark.reload")))
                .isEqualTo("JMH failed (exit 1), see benchmarks/target/results/reload-plinth-1.log");
        assertThat(figures.reasonMissing(FigureRef.of("dev.plinth.benchmarks.DeadlineBenchmark.spinUntilStopped")))
                .isEqualTo("it threw in JMH, see benchmarks/target/results/deadline-plinth-1.log");
        assertThat(figures.reasonMissing(FigureRef.of(ECHO, "mode", "INTERPRETED")))
                .isEqualTo("measured only with mode=COMPILED");
        assertThat(figures.reasonMissing(FigureRef.of("dev.plinth.benchmarks.ColdStartBenchmark.coldLoad")))
                .isEqualTo("no step of the suite runs it");
    }

    @Test
    void aResultsFolderWithoutRunLogStillExplains() {
        Figures figures = new Figures(ResultPool.of(List.of()), RunLog.read(dir.resolve("missing")));

        assertThat(figures.reasonMissing(COMPILED_ECHO)).isEqualTo("no result in the results folder");
    }

    private Figures figures() {
        List<JmhResult> results = new ArrayList<>(new JmhResultReader().read(dir.resolve("small-call-plinth-1.json")));
        return new Figures(ResultPool.of(results), RunLog.read(dir));
    }

    private static String run(String step, String side, String jar, String status, String patterns) {
        String file = "benchmarks/target/results/" + step + "-" + side + "-1";
        boolean skipped = status.startsWith("skipped");
        return String.join("\t", step, side, "1", jar, status, patterns, skipped ? "" : file + ".json",
                skipped ? "" : file + ".log", skipped ? "" : "java -jar " + jar + " " + patterns);
    }
}
