package dev.plinth.api.deploy;

import dev.plinth.api.PluginError;
import dev.plinth.api.PluginStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a plugin's version history.
 *
 * @param version the version string from the manifest
 * @param status where it stands now
 * @param sha256 hex SHA-256 of its wasm
 * @param signature its signature state: {@code unsigned}, {@code verified}, {@code invalid},
 *     {@code untrusted-key} or {@code unchecked} (signatures off, or never loaded)
 * @param loadedAt when it was loaded (or failed to)
 * @param weight the share of calls it takes, 0 to 100
 * @param error why it failed or was rolled back, if it did
 */
public record VersionInfo(String version, PluginStatus status, String sha256, String signature, Instant loadedAt,
        int weight, Optional<PluginError> error) {
    public VersionInfo {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(loadedAt, "loadedAt");
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight must be 0-100, was " + weight);
        }
        Objects.requireNonNull(error, "error");
    }
}
