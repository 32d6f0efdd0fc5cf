package dev.plinth.api;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a registry shows of one version of a plugin: who it is, where it stands, its checksums and
 * signature, its exports, its share of calls and its last error. The one public view of a version:
 * {@link PluginRegistry#list()} shows the serving (or failed) version of each plugin, and
 * {@code PluginDeployments.history} every version a plugin has had. A version that failed to load
 * has one too, so that operators see why it is not serving.
 *
 * @param name the plugin's unique name
 * @param version its version string from the manifest, or {@code "unknown"} when the manifest could
 *     not be read
 * @param status where it stands
 * @param sha256 hex SHA-256 of its entrypoint wasm (for a plugin of several modules, of one line per
 *     module, see docs/engine.md), or empty when the file could not be read
 * @param digest hex SHA-256 over every file of its source: {@code plugin.toml}, every {@code .wasm}
 *     and every {@code .wasm.sig}, each with its path and length, or empty when the files could not
 *     be read. It tells apart builds that keep the version string; {@link #versionId()} shows it
 * @param signature its signature state: {@code unsigned}, {@code verified}, {@code invalid},
 *     {@code untrusted-key} or {@code unchecked} (signatures off, or never loaded)
 * @param exports the functions callers may invoke; empty for a version that does not load
 * @param source the plugin directory or bare {@code .wasm} file it was loaded from
 * @param loadedAt when it was loaded (or failed to)
 * @param weight the share of its plugin's calls it takes, 0 to 100
 * @param lastError the most recent error: why it failed to load or was rolled back, else its latest
 *     call error
 */
public record VersionInfo(String name, String version, PluginStatus status, String sha256, String digest,
        String signature, List<String> exports, Path source, Instant loadedAt, int weight, Optional<PluginError> lastError) {

    /** Signature state of a version that signatures were not checked for, or that never loaded. */
    public static final String SIGNATURE_UNCHECKED = "unchecked";

    public VersionInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(signature, "signature");
        exports = List.copyOf(exports);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(loadedAt, "loadedAt");
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight must be 0-100, was " + weight);
        }
        Objects.requireNonNull(lastError, "lastError");
    }

    /**
     * A version that could not be loaded: {@link PluginStatus#FAILED}, no exports, no share of calls,
     * signature unchecked, dated when it failed.
     */
    public static VersionInfo failed(String name, String version, Path source, String sha256, String digest,
            PluginError error) {
        return new VersionInfo(name, version, PluginStatus.FAILED, sha256, digest, SIGNATURE_UNCHECKED, List.of(),
                source, error.at(), 0, Optional.of(error));
    }

    /** Its version and digest, written {@code 0.1.0@1a2b3c4d} in logs, events, meters and the actuator. */
    public VersionId versionId() {
        return new VersionId(version, digest);
    }

    /** True when the version takes calls. */
    public boolean serving() {
        return status == PluginStatus.ACTIVE || status == PluginStatus.CANARY;
    }
}
