package dev.plinth.benchmarks.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the suite ran: its JMH invocations ({@code runs.tsv}) and the benchmarks each jar holds
 * ({@code <side>.benchmarks}, from {@code -lp}). It explains a figure that has no result: jar not
 * built, benchmark not in the jar, JMH failed, or not part of the suite.
 */
final class RunLog {
    static final String RUNS_FILE = "runs.tsv";
    private static final String LISTING_SUFFIX = ".benchmarks";
    private static final int COLUMNS = 9;

    private final List<Run> runs;
    private final Map<String, Set<String>> benchmarksBySide;

    RunLog(List<Run> runs, Map<String, Set<String>> benchmarksBySide) {
        this.runs = List.copyOf(runs);
        this.benchmarksBySide = Map.copyOf(benchmarksBySide);
    }

    /** Reads the log from a results folder; a folder without one gives an empty log. */
    static RunLog read(Path resultsDir) {
        try {
            Path runsFile = resultsDir.resolve(RUNS_FILE);
            List<Run> runs = Files.exists(runsFile)
                    ? Files.readAllLines(runsFile).stream().skip(1).filter(line -> !line.isBlank())
                            .map(RunLog::parse).toList()
                    : List.of();
            Map<String, Set<String>> listings = new HashMap<>();
            for (String side : runs.stream().map(Run::side).distinct().toList()) {
                Path listing = resultsDir.resolve(side + LISTING_SUFFIX);
                if (Files.exists(listing)) {
                    listings.put(side, Files.readAllLines(listing).stream()
                            .map(line -> line.split("\t")[0].trim()).filter(name -> !name.isEmpty())
                            .collect(Collectors.toSet()));
                }
            }
            return new RunLog(runs, listings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the run log in " + resultsDir, e);
        }
    }

    List<Run> runs() {
        return runs;
    }

    /** Why a figure has no result, in a few words for the report. */
    String explainMissing(FigureRef ref) {
        List<Run> covering = runs.stream().filter(run -> run.covers(ref.benchmark())).toList();
        if (covering.isEmpty()) {
            return runs.isEmpty() ? "no result in the results folder" : "no step of the suite runs it";
        }
        Run first = covering.get(0);
        Set<String> inJar = benchmarksBySide.get(first.side());
        if (inJar != null && !inJar.contains(ref.benchmark())) {
            return "not in " + first.jar();
        }
        if (covering.stream().allMatch(Run::skipped)) {
            return first.skipReason();
        }
        return covering.stream().filter(Run::failed).findFirst()
                .map(failed -> "JMH " + failed.status() + ", see " + failed.log())
                .or(() -> covering.stream().filter(Run::partlyFailed).findFirst()
                        .map(partly -> "it threw in JMH, see " + partly.log()))
                .orElse("JMH ran it but recorded no result, see " + first.log());
    }

    private static Run parse(String line) {
        String[] cells = line.split("\t", -1);
        if (cells.length != COLUMNS) {
            throw new IllegalArgumentException(RUNS_FILE + ": expected " + COLUMNS + " columns: " + line);
        }
        List<String> patterns = Arrays.stream(cells[5].split(" ")).filter(pattern -> !pattern.isEmpty()).toList();
        return new Run(cells[0], cells[1], Integer.parseInt(cells[2]), cells[3], cells[4], patterns, cells[6], cells[7],
                cells[8]);
    }
}
