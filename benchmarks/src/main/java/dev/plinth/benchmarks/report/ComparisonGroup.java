package dev.plinth.benchmarks.report;

import java.util.List;

/**
 * Comparisons read together, e.g. Plinth against Extism.
 *
 * @param note one or two sentences for the reader: what is compared and how the number reads
 */
record ComparisonGroup(String title, String note, List<Comparison> comparisons) {
    ComparisonGroup {
        comparisons = List.copyOf(comparisons);
    }

    GroupResult evaluate(Figures figures) {
        return new GroupResult(title, note,
                comparisons.stream().map(comparison -> comparison.evaluate(figures)).toList());
    }
}
