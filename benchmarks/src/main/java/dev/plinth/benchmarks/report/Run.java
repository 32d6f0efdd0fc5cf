package dev.plinth.benchmarks.report;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One JMH invocation of the suite, as {@code suite.sh} records it in {@code runs.tsv}.
 *
 * @param step the suite step, e.g. {@code small-call}
 * @param side {@code plinth} or {@code extism}: which jar ran
 * @param status {@code ok}; {@code partly failed} when JMH went on after a benchmark threw;
 *     {@code failed (exit N)}; or {@code skipped: <why>}
 * @param patterns the JMH include patterns (regular expressions found in the benchmark's name)
 * @param command the command line, empty when the run was skipped
 */
record Run(String step, String side, int round, String jar, String status, List<String> patterns, String json,
        String log, String command) {
    private static final String SKIPPED = "skipped: ";

    Run {
        patterns = List.copyOf(patterns);
    }

    boolean skipped() {
        return status.startsWith(SKIPPED);
    }

    boolean failed() {
        return status.startsWith("failed");
    }

    boolean partlyFailed() {
        return status.startsWith("partly failed");
    }

    /** Why the run was skipped, e.g. that its jar was not built. */
    String skipReason() {
        return skipped() ? status.substring(SKIPPED.length()) : "";
    }

    /** Whether JMH, given this run's patterns, runs the benchmark (JMH finds each pattern in the name). */
    boolean covers(String benchmark) {
        return patterns.stream().anyMatch(pattern -> find(pattern, benchmark));
    }

    private static boolean find(String pattern, String benchmark) {
        try {
            return Pattern.compile(pattern).matcher(benchmark).find();
        } catch (PatternSyntaxException notARegex) {
            return false;
        }
    }
}
