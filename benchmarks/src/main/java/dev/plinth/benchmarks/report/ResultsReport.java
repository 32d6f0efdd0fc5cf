package dev.plinth.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code RESULTS.md} and {@code results-chart.svg} from the results folder of
 * {@code benchmarks/suite.sh}: JMH's JSON files, pooled per benchmark over the rounds, compared
 * with Extism and plain Java, and judged against their targets (issue 13's, and issue 5's budgets
 * where it sets none). A results folder of several JDKs' runs ({@code jdk-<version>} folders, from
 * {@code suite.sh --jdk}) gives one report with every JDK's figures ({@link JdkReports}) and a
 * chart per JDK.
 *
 * <p>Run from the repository root: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.plinth.benchmarks.report.ResultsReport benchmarks/target/results benchmarks}
 */
public final class ResultsReport {
    /** The report, in the output folder. */
    public static final String RESULTS_FILE = "RESULTS.md";
    /** The chart, next to the report, which links it by this name. */
    public static final String CHART_FILE = "results-chart.svg";

    private ResultsReport() {
    }

    /** Arguments: the results folder, the folder to write the report and chart into. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ResultsReport <results folder> <output folder>");
            System.exit(2);
        }
        for (SuiteReport report : write(Path.of(args[0]), Path.of(args[1]))) {
            long measured = report.groups().stream().flatMap(group -> group.rows().stream())
                    .filter(row -> row.evaluation().verdict() != Verdict.NOT_MEASURED).count();
            long all = report.groups().stream().mapToLong(group -> group.rows().size()).sum();
            System.out.println("wrote " + Path.of(args[1]).resolve(RESULTS_FILE) + " and its chart: " + measured
                    + " of " + all + " comparisons measured on " + report.info().jdkVersion());
            report.problems().forEach(problem -> System.err.println("could not read " + problem));
        }
    }

    /**
     * Reads the results and writes the report and the chart (one per JDK when the folder holds
     * several JDKs' runs); returns what was written, one report per JDK, for the caller to summarise.
     */
    static List<SuiteReport> write(Path resultsDir, Path outputDir) throws IOException {
        List<Path> jdks = JdkReports.folders(resultsDir);
        if (jdks.isEmpty()) {
            return List.of(writeOne(resultsDir, outputDir));
        }
        JdkReports reports = JdkReports.load(jdks);
        Files.createDirectories(outputDir);
        Files.writeString(outputDir.resolve(RESULTS_FILE), reports.render(), StandardCharsets.UTF_8);
        for (int i = 0; i < reports.reports().size(); i++) {
            writeChart(reports.reports().get(i), outputDir.resolve(reports.chartFile(i)), reports.label(i) + ", ");
        }
        return reports.reports();
    }

    /** Reads the results and writes both files; returns what was written, for the caller to summarise. */
    static SuiteReport writeOne(Path resultsDir, Path outputDir) throws IOException {
        SuiteReport report = SuiteReport.load(resultsDir);
        Files.createDirectories(outputDir);
        Files.writeString(outputDir.resolve(RESULTS_FILE), new MarkdownReport(report, CHART_FILE).render(),
                StandardCharsets.UTF_8);
        writeChart(report, outputDir.resolve(CHART_FILE), "");
        return report;
    }

    private static void writeChart(SuiteReport report, Path file, String jdk) throws IOException {
        String caption = "Speed-up, or headroom under a budget, per comparison; log scale. " + jdk + "profile "
                + report.info().profile() + ", " + report.info().started() + ", Plinth " + report.info().commit() + ".";
        Files.writeString(file, new RatioChart(report.groups(), caption).render(), StandardCharsets.UTF_8);
    }
}
