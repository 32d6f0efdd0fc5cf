package dev.plinth.benchmarks.report;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes {@code RESULTS.md}: the comparisons against their targets (issue 13's, and issue 5's
 * budgets where issue 13 sets none), the environment, every figure with its error and unit, how the
 * figures were computed, and the commands that produced them.
 */
final class MarkdownReport {
    private final SuiteReport report;
    private final String chartFile;
    private final StringBuilder out = new StringBuilder();

    MarkdownReport(SuiteReport report, String chartFile) {
        this.report = report;
        this.chartFile = chartFile;
    }

    String render() {
        out.setLength(0);
        header();
        comparisons();
        environment();
        figures();
        problems();
        method();
        commands();
        return out.toString();
    }

    private void header() {
        SuiteInfo info = report.info();
        line("# Benchmark results");
        line();
        line("Measured " + info.started() + " with the `" + info.profile() + "` profile (`" + info.suiteCommand()
                + "`) on Plinth " + info.commit() + ". " + summary());
        if (info.profile().equals("quick")) {
            line();
            line("> The quick profile makes short runs on whatever else the machine is doing: its figures show that"
                    + " the suite works and roughly where things stand, not numbers to quote. `benchmarks/suite.sh"
                    + " --full` on a quiet machine gives those.");
        }
        line();
        line("Where a target is missed, [README.md](README.md#what-limits-the-figures) says what limits it"
                + " (profiled with JFR) and what would close it.");
        line();
        line("![Each ratio against its target, log scale; above 1 is better](" + chartFile + ")");
        line();
    }

    private String summary() {
        Map<Verdict, Long> counts = report.groups().stream().flatMap(group -> group.rows().stream())
                .filter(row -> !row.evaluation().target().equals(Evaluation.NO_TARGET))
                .collect(Collectors.groupingBy(row -> row.evaluation().verdict(), TreeMap::new, Collectors.counting()));
        long targets = counts.values().stream().mapToLong(Long::longValue).sum();
        return "Targets: " + targets + ", of which " + counts.getOrDefault(Verdict.MET, 0L) + " met, "
                + counts.getOrDefault(Verdict.MISSED, 0L) + " missed, "
                + counts.getOrDefault(Verdict.NOT_MEASURED, 0L) + " not measured.";
    }

    private void comparisons() {
        line("## Comparisons and targets");
        line();
        line("Errors are 99.9% confidence half-widths; a ratio's error combines the relative errors of its two"
                + " figures (first order). \"Within the error\" marks a verdict whose interval straddles the target.");
        line();
        for (GroupResult group : report.groups()) {
            line("### " + group.title());
            line();
            line(group.note());
            line();
            row("Comparison", "Computed as", "Measured", "Target", "Verdict");
            row("---", "---", "---", "---", "---");
            for (ComparisonResult result : group.rows()) {
                Evaluation evaluation = result.evaluation();
                row(result.label(), result.formula(), evaluation.measured(), evaluation.target(), verdict(evaluation));
            }
            line();
        }
    }

    private static String verdict(Evaluation evaluation) {
        return switch (evaluation.verdict()) {
            case NO_TARGET -> "";
            case NOT_MEASURED -> "not measured: " + evaluation.detail();
            case MET, MISSED -> "**" + evaluation.verdict().text() + "** " + evaluation.detail();
        };
    }

    private void environment() {
        SuiteInfo info = report.info();
        Versions versions = report.versions();
        line("## Environment");
        line();
        row("", "");
        row("---", "---");
        row("Started", info.started());
        row("Profile", info.profile() + ": " + info.profileSettings());
        row("Machine", info.machine() + "; load average at the start " + info.load());
        row("OS", info.os());
        row("JVM", joinedOrUnknown(report.jvms(), JvmInfo::describe));
        row("JVM flags", joinedOrUnknown(report.jvms(), jvm -> jvm.jvmArgs().isEmpty()
                ? "none" : "`" + String.join(" ", jvm.jvmArgs()) + "`"));
        row("Plinth", "commit " + info.commit() + ", Chicory " + versions.plinthChicory()
                + " (" + info.plinthJar() + ")");
        row("Extism", "Java SDK " + Versions.EXTISM_SDK_GROUP + ":" + Versions.EXTISM_SDK_ARTIFACT + " "
                + versions.extismSdk() + " on Chicory " + versions.extismChicory() + ", AOT mode"
                + " (" + info.extismJar() + ")");
        row("Suite time", info.elapsedDuration() + " (estimated " + info.estimatedDuration() + ")");
        line();
    }

    private static <T> String joinedOrUnknown(List<T> values, Function<T, String> text) {
        String joined = values.stream().map(text).distinct().collect(Collectors.joining("; "));
        return joined.isEmpty() ? SuiteInfo.UNKNOWN : joined;
    }

    private void figures() {
        line("## Figures");
        line();
        line("Each score pools the measurement iterations of every round and fork: mean ± 99.9% confidence"
                + " half-width, in the unit the benchmark reports. Modes: `avgt` average time, `thrpt` throughput,"
                + " `ss` single shot.");
        line();
        Map<String, List<FigureRow>> byClass = report.figures().stream()
                .collect(Collectors.groupingBy(row -> row.id().className(), LinkedHashMap::new,
                        Collectors.toList()));
        byClass.forEach((className, rows) -> {
            line("### " + className);
            line();
            row("Benchmark", "Parameters", "Mode", "Score", "Error", "Unit", "Samples");
            row("---", "---", "---", "---:", "---:", "---", "---");
            rows.forEach(this::figure);
            line();
        });
    }

    private void figure(FigureRow figure) {
        BenchmarkId id = figure.id();
        figure.score().ifPresentOrElse(score -> row(id.method(), id.parameterText(),
                score.mode() + (score.threads() > 1 ? ", " + score.threads() + " threads" : ""),
                Numbers.format(score.estimate().value()),
                "± " + Numbers.error(score.estimate().value(), score.estimate().error()),
                score.unit().symbol(),
                score.samples() + " in " + score.rounds() + (score.rounds() == 1 ? " round" : " rounds")),
                () -> row(id.method(), id.parameterText(), "", "not measured", "", "", figure.missingReason()));
    }

    private void problems() {
        if (report.problems().isEmpty()) {
            return;
        }
        line("## Result files that could not be read");
        line();
        report.problems().forEach(problem -> line("- " + problem));
        line();
    }

    private void method() {
        line("## Method");
        line();
        line("The suite runs each step's benchmarks with JMH, once per round. Where Plinth and Extism are"
                + " compared (small call, compute, cold start) it alternates the two jars, Plinth then Extism, round"
                + " after round, so both are measured in the same session. The report pools each benchmark's raw"
                + " iteration scores from every round and fork and computes the mean and the 99.9% confidence"
                + " half-width from Student's t with n − 1 degrees of freedom, as JMH does for one run (JMH gives no"
                + " error below three samples)."
                + " Each JVM runs with the flags listed above; Chicory compiles each wasm function to one JVM method,"
                + " and `-XX:-DontCompileHugeMethods` lets HotSpot compile the large ones.");
        line();
    }

    private void commands() {
        SuiteInfo info = report.info();
        line("## Commands");
        line();
        line("Run from the repository root. The suite:");
        line();
        line("```sh");
        line(info.suiteCommand());
        line("```");
        line();
        line("The JMH runs it made, in order, and the report:");
        line();
        line("```sh");
        for (Run run : report.runs()) {
            String what = "# " + run.step() + ", " + run.side() + ", round " + run.round() + ": " + run.status();
            line(what);
            if (!run.skipped()) {
                line(run.command());
            }
        }
        line(info.reportCommand());
        line("```");
    }

    private void row(String... cells) {
        line("| " + Arrays.stream(cells).map(MarkdownReport::cell).collect(Collectors.joining(" | ")) + " |");
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private void line(String text) {
        out.append(text).append('\n');
    }

    private void line() {
        out.append('\n');
    }
}
