package dev.plinth.benchmarks.report;

/** A comparison's outcome with what the writers need to show it: label, formula, evaluation. */
record ComparisonResult(String label, String formula, Evaluation evaluation) {
}
