package dev.plinth.component.wasi.internal;

/** A {@code wasi:io/poll} pollable: ready at once (streams), or at a monotonic instant (clocks). */
record Pollable(long instant) {
    /** Ready at once. */
    static final long NOW = Long.MIN_VALUE;
}
