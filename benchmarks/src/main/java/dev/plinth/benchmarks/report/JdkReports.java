package dev.plinth.benchmarks.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code RESULTS.md} for a suite run on several JDKs ({@code suite.sh --jdk ... --jdk ...}), each
 * into a {@code jdk-<version>} folder of the results: first every comparison side by side, one
 * column per JDK, then each JDK's full report (its headings one level down) with its own chart. A
 * target that depends on the JDK (compute against plain Java) lists each JDK's.
 */
final class JdkReports {
    /** The folder prefix {@code suite.sh} gives each JDK's results. */
    static final String FOLDER_PREFIX = "jdk-";

    private final List<String> labels;
    private final List<SuiteReport> reports;

    private JdkReports(List<String> labels, List<SuiteReport> reports) {
        this.labels = List.copyOf(labels);
        this.reports = List.copyOf(reports);
    }

    /** The JDK folders in {@code resultsDir} (by version, oldest first), or none when it holds one run. */
    static List<Path> folders(Path resultsDir) {
        if (!Files.isDirectory(resultsDir) || Files.isRegularFile(resultsDir.resolve("suite.properties"))) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(resultsDir)) {
            return entries.filter(Files::isDirectory)
                    .filter(dir -> dir.getFileName().toString().startsWith(FOLDER_PREFIX))
                    .sorted((a, b) -> Integer.compare(version(a), version(b)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + resultsDir, e);
        }
    }

    private static int version(Path folder) {
        try {
            return Integer.parseInt(folder.getFileName().toString().substring(FOLDER_PREFIX.length()));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    static JdkReports load(List<Path> folders) {
        List<String> labels = new ArrayList<>();
        List<SuiteReport> reports = new ArrayList<>();
        for (Path folder : folders) {
            labels.add("JDK " + folder.getFileName().toString().substring(FOLDER_PREFIX.length()));
            reports.add(SuiteReport.load(folder));
        }
        return new JdkReports(labels, reports);
    }

    List<SuiteReport> reports() {
        return reports;
    }

    /** The chart file of the {@code index}th JDK, next to the report. */
    String chartFile(int index) {
        return "results-chart-" + labels.get(index).toLowerCase().replace(' ', '-') + ".svg";
    }

    String label(int index) {
        return labels.get(index);
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append("# Benchmark results\n\n");
        out.append("The suite ran on ").append(String.join(" and ", labels))
                .append(", one after the other on the same machine (`")
                .append(reports.get(0).info().suiteCommand()).append("`). First every comparison side by side,"
                        + " then each JDK's figures in full.\n\n");
        out.append("## Comparisons by JDK\n\n");
        out.append("| Comparison | ").append(String.join(" | ", labels)).append(" | Target |\n");
        out.append("| --- |").append(" --- |".repeat(labels.size())).append(" --- |\n");
        Map<String, List<String>> measured = new LinkedHashMap<>();
        Map<String, List<String>> targets = new LinkedHashMap<>();
        for (SuiteReport report : reports) {
            for (GroupResult group : report.groups()) {
                for (ComparisonResult row : group.rows()) {
                    String key = group.title() + ": " + row.label();
                    measured.computeIfAbsent(key, k -> new ArrayList<>()).add(cell(row.evaluation()));
                    List<String> keyTargets = targets.computeIfAbsent(key, k -> new ArrayList<>());
                    if (!keyTargets.contains(row.evaluation().target())) {
                        keyTargets.add(row.evaluation().target());
                    }
                }
            }
        }
        measured.forEach((key, cells) -> out.append("| ").append(key).append(" | ")
                .append(String.join(" | ", cells)).append(" | ").append(String.join("; ", targets.get(key)))
                .append(" |\n"));
        out.append('\n');
        for (int i = 0; i < reports.size(); i++) {
            out.append(i == 0 ? "" : "\n").append("## ").append(labels.get(i)).append('\n');
            String section = new MarkdownReport(reports.get(i), chartFile(i)).render();
            // the JDK's heading stands for the report's title; its sections go one level down
            out.append(Arrays.stream(section.split("\n", -1))
                    .skip(section.startsWith("# ") ? 1 : 0)
                    .map(line -> line.startsWith("#") ? "#" + line : line)
                    .collect(Collectors.joining("\n")));
        }
        return out.toString();
    }

    private static String cell(Evaluation evaluation) {
        String verdict = switch (evaluation.verdict()) {
            case MET, MISSED -> " (" + evaluation.verdict().text() + ")";
            case NOT_MEASURED -> "";
            case NO_TARGET -> "";
        };
        return (evaluation.verdict() == Verdict.NOT_MEASURED ? "not measured" : evaluation.measured() + verdict)
                .replace("|", "\\|");
    }
}
