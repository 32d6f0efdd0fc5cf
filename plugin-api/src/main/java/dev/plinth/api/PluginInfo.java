package dev.plinth.api;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the registry knows about one plugin: identity, state, checksum, exports and the last
 * error. A failed plugin has an entry too, so operators see why it is not serving.
 *
 * @param name the plugin's unique name
 * @param version its version string, or {@code "unknown"} when the manifest could not be read
 * @param status where it stands
 * @param sha256 hex SHA-256 of the wasm file, or empty when the file could not be read
 * @param exports the functions callers may invoke
 * @param source the plugin directory or bare {@code .wasm} file it was loaded from
 * @param loadedAt when this version was loaded (or failed to)
 * @param lastError the most recent load or call error, if any
 */
public record PluginInfo(
        String name,
        String version,
        PluginStatus status,
        String sha256,
        List<String> exports,
        Path source,
        Instant loadedAt,
        Optional<PluginError> lastError) {

    public PluginInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(sha256, "sha256");
        exports = List.copyOf(exports);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(loadedAt, "loadedAt");
        Objects.requireNonNull(lastError, "lastError");
    }

    /** True when the plugin takes calls. */
    public boolean serving() {
        return status == PluginStatus.ACTIVE || status == PluginStatus.CANARY;
    }
}
