package dev.plinth.api;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The outcome of a successful call.
 *
 * @param output the bytes the plugin set as its output (empty if it set none)
 * @param version the plugin version that served the call
 * @param elapsed wall-clock time spent in the call, waiting for an instance included
 * @param fuel the instructions the call consumed, when the plugin runs metered
 */
public record CallResult(byte[] output, String version, Duration elapsed, OptionalLong fuel) {
    public CallResult {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(fuel, "fuel");
    }

    /** A result of a call that was not metered. */
    public CallResult(byte[] output, String version, Duration elapsed) {
        this(output, version, elapsed, OptionalLong.empty());
    }
}
