package dev.plinth.benchmarks.report;

import java.util.List;

/** The evaluated comparisons of one {@link ComparisonGroup}. */
record GroupResult(String title, String note, List<ComparisonResult> rows) {
    GroupResult {
        rows = List.copyOf(rows);
    }
}
