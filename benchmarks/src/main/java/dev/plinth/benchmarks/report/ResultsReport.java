package dev.plinth.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code RESULTS.md} and {@code results-chart.svg} from the results folder of
 * {@code benchmarks/suite.sh}: JMH's JSON files, pooled per benchmark over the rounds, compared
 * with Extism and plain Java, and judged against the targets of issue 5.
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
        SuiteReport report = write(Path.of(args[0]), Path.of(args[1]));
        long measured = report.groups().stream().flatMap(group -> group.rows().stream())
                .filter(row -> row.evaluation().verdict() != Verdict.NOT_MEASURED).count();
        long all = report.groups().stream().mapToLong(group -> group.rows().size()).sum();
        System.out.println("wrote " + Path.of(args[1]).resolve(RESULTS_FILE) + " and " + CHART_FILE + ": " + measured
                + " of " + all + " comparisons measured");
        report.problems().forEach(problem -> System.err.println("could not read " + problem));
    }

    /** Reads the results and writes both files; returns what was written, for the caller to summarise. */
    static SuiteReport write(Path resultsDir, Path outputDir) throws IOException {
        SuiteReport report = SuiteReport.load(resultsDir);
        Files.createDirectories(outputDir);
        Files.writeString(outputDir.resolve(RESULTS_FILE), new MarkdownReport(report, CHART_FILE).render(),
                StandardCharsets.UTF_8);
        String caption = "Speed-up, or headroom under a budget, per comparison; log scale. Profile "
                + report.info().profile() + ", " + report.info().started() + ", Plinth " + report.info().commit() + ".";
        Files.writeString(outputDir.resolve(CHART_FILE), new RatioChart(report.groups(), caption).render(),
                StandardCharsets.UTF_8);
        return report;
    }
}
