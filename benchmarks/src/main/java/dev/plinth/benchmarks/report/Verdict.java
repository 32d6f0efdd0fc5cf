package dev.plinth.benchmarks.report;

/** How a comparison came out against its target. */
enum Verdict {
    MET("met"),
    MISSED("missed"),
    NO_TARGET("no target"),
    NOT_MEASURED("not measured");

    private final String text;

    Verdict(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }
}
