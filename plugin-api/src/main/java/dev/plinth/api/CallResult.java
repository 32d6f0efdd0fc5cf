package dev.plinth.api;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of a successful call.
 *
 * @param output the bytes the plugin set as its output (empty if it set none)
 * @param version the plugin version that served the call
 * @param elapsed wall-clock time spent in the call, waiting for an instance included
 */
public record CallResult(byte[] output, String version, Duration elapsed) {
    public CallResult {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
