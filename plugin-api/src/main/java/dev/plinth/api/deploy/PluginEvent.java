package dev.plinth.api.deploy;

import dev.plinth.api.VersionId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A change to a plugin's versions, with the figures behind it (for a rollback: the failure rate
 * and latency measured, and the thresholds crossed).
 *
 * @param type what happened
 * @param plugin the plugin's name
 * @param version the version string of the version it happened to
 * @param digest that version's source digest ({@code VersionInfo.digest}), empty when unknown
 * @param message a sentence for logs and dashboards
 * @param figures measured values by name, such as {@code failureRate} or {@code loadMillis}
 * @param at when it happened
 */
public record PluginEvent(PluginEventType type, String plugin, String version, String digest, String message,
        Map<String, Number> figures, Instant at) {
    public PluginEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(message, "message");
        figures = Map.copyOf(figures);
        Objects.requireNonNull(at, "at");
    }

    /** The version it happened to, written {@code 0.1.0@1a2b3c4d}. */
    public VersionId versionId() {
        return new VersionId(version, digest);
    }
}
