package dev.plinth.api.observe;

import dev.plinth.api.VersionId;
import dev.plinth.api.error.ErrorCode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One finished call, as metrics and audit see it.
 *
 * @param plugin the plugin's name
 * @param version the version string of the version that ran the call
 * @param digest that version's source digest ({@code VersionInfo.digest}), which tells apart builds
 *     with the same version string
 * @param function the export that was called
 * @param error the error's code when the call failed
 * @param elapsed wall-clock time of the call, waiting for an instance included
 * @param inputBytes size of the input
 * @param outputBytes size of the output (0 when the call failed)
 * @param fuel instructions consumed, when the plugin runs metered and the call got that far
 */
public record CallEvent(String plugin, String version, String digest, String function, Optional<ErrorCode> error, Duration elapsed,
        long inputBytes, long outputBytes, OptionalLong fuel) {
    public CallEvent {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(fuel, "fuel");
    }

    /** An event of a call that was not metered. */
    public CallEvent(String plugin, String version, String digest, String function, Optional<ErrorCode> error,
            Duration elapsed, long inputBytes, long outputBytes) {
        this(plugin, version, digest, function, error, elapsed, inputBytes, outputBytes, OptionalLong.empty());
    }

    /** The version that ran the call, written {@code 0.1.0@1a2b3c4d}. */
    public VersionId versionId() {
        return new VersionId(version, digest);
    }

    /** {@code success}, or the error's code: the value of an {@code outcome} tag. */
    public String outcome() {
        return error.map(ErrorCode::code).orElse("success");
    }
}
