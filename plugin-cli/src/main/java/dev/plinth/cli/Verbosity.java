package dev.plinth.cli;

/** How much {@code plinth} writes to stderr besides errors. */
enum Verbosity {
    /** {@code --quiet}: errors only; plugin log lines are hidden. */
    QUIET,
    /** The default: plugin log lines at INFO and above, and warnings. */
    NORMAL,
    /** {@code --verbose}: plugin and host debug lines, timings, stack traces of internal errors. */
    VERBOSE
}
