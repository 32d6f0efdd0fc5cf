package dev.plinth.benchmarks.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;

/**
 * Everything the report shows, read from a results folder: the session ({@code suite.properties}),
 * the runs ({@code runs.tsv}), the JMH result files ({@code *.json}) pooled, the comparisons
 * evaluated, and the figures, measured or not.
 *
 * @param jvms the distinct JVMs (and flags) the results were measured in
 * @param problems result files that could not be read, with the reason
 */
record SuiteReport(SuiteInfo info, Versions versions, List<JvmInfo> jvms, List<GroupResult> groups,
        List<FigureRow> figures, List<Run> runs, List<String> problems) {
    SuiteReport {
        jvms = List.copyOf(jvms);
        groups = List.copyOf(groups);
        figures = List.copyOf(figures);
        runs = List.copyOf(runs);
        problems = List.copyOf(problems);
    }

    static SuiteReport load(Path resultsDir) {
        SuiteInfo info = SuiteInfo.read(resultsDir);
        List<String> problems = new ArrayList<>();
        List<JmhResult> results = readResults(resultsDir, problems);
        ResultPool pool = ResultPool.of(results);
        RunLog runLog = RunLog.read(resultsDir);
        Figures figures = new Figures(pool, runLog);
        List<JvmInfo> jvms = results.stream().map(JmhResult::jvm).distinct().toList();
        return new SuiteReport(info,
                Versions.fromJars(Path.of(info.plinthJar()), Path.of(info.extismJar())),
                jvms,
                SuiteComparisons.groups(targetJdk(info, jvms)).stream().map(group -> group.evaluate(figures)).toList(),
                figureRows(pool, figures),
                runLog.runs(),
                problems);
    }

    /**
     * The JDK whose targets apply: the one {@code suite.sh} recorded, else the one JMH recorded in
     * the results (when they all ran on one).
     */
    static TargetJdk targetJdk(SuiteInfo info, List<JvmInfo> jvms) {
        TargetJdk recorded = TargetJdk.parse(info.jdkVersion());
        if (recorded.feature().isPresent()) {
            return recorded;
        }
        List<TargetJdk> measured = jvms.stream().map(jvm -> TargetJdk.parse(jvm.jdkVersion())).distinct().toList();
        return measured.size() == 1 ? measured.get(0) : TargetJdk.UNKNOWN;
    }

    private static List<JmhResult> readResults(Path resultsDir, List<String> problems) {
        JmhResultReader reader = new JmhResultReader();
        List<JmhResult> results = new ArrayList<>();
        for (Path file : jsonFiles(resultsDir)) {
            try {
                results.addAll(reader.read(file));
            } catch (JacksonException | IllegalArgumentException unreadable) {
                String firstLine = String.valueOf(unreadable.getMessage()).lines().findFirst().orElse("");
                problems.add(file.getFileName() + ": " + firstLine);
            }
        }
        return results;
    }

    private static List<Path> jsonFiles(Path resultsDir) {
        if (!Files.isDirectory(resultsDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(resultsDir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + resultsDir, e);
        }
    }

    /** Every pooled score, then every expected figure that has none, each with its reason. */
    private static List<FigureRow> figureRows(ResultPool pool, Figures figures) {
        List<FigureRow> rows = new ArrayList<>(pool.scores().stream().map(FigureRow::measured).toList());
        SuiteComparisons.expectedFigures().stream()
                .filter(ref -> pool.matching(ref).isEmpty())
                .forEach(ref -> rows.add(FigureRow.notMeasured(ref, figures.reasonMissing(ref))));
        rows.sort(FigureRow.ORDER);
        return rows;
    }
}
