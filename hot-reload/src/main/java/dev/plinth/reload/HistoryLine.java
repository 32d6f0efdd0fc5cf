package dev.plinth.reload;

import dev.plinth.api.PluginError;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.host.PluginVersion;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One line of a plugin's version history as it changes over the version's life. Mutated only
 * under its plugin's {@link PluginSlot} lock; callers outside see {@link VersionInfo} snapshots.
 */
final class HistoryLine {
    private final String plugin;
    private final String version;
    private final String sha256;
    private final Path source;
    private final Instant loadedAt;
    private final String signature;
    private final List<String> exports;
    private PluginStatus status;
    private int weight;
    private Optional<PluginError> error = Optional.empty();
    private boolean loaded;

    private HistoryLine(String plugin, String version, String sha256, Path source, Instant loadedAt, String signature,
            List<String> exports, PluginStatus status) {
        this.plugin = plugin;
        this.version = version;
        this.sha256 = sha256;
        this.source = source;
        this.loadedAt = loadedAt;
        this.signature = signature;
        this.exports = List.copyOf(exports);
        this.status = status;
    }

    /** A version that loaded from {@code source} at {@code at} and is about to be installed. */
    static HistoryLine staged(PluginVersion loaded, Path source, Instant at) {
        HistoryLine entry = new HistoryLine(loaded.name(), loaded.version(), loaded.sha256(), source, at,
                loaded.signatureState(), loaded.exports(), PluginStatus.STAGED);
        entry.loaded = true;
        return entry;
    }

    /** A version of {@code plugin} that could not be loaded. */
    static HistoryLine failed(String plugin, String version, String sha256, Path source, PluginError error) {
        HistoryLine entry = new HistoryLine(plugin, version, sha256, source, error.at(),
                VersionInfo.SIGNATURE_UNCHECKED, List.of(), PluginStatus.FAILED);
        entry.error = Optional.of(error);
        return entry;
    }

    void status(PluginStatus value, int weightNow) {
        this.status = value;
        this.weight = weightNow;
    }

    void fail(PluginError why) {
        status(PluginStatus.FAILED, 0);
        this.error = Optional.of(why);
    }

    /** The version's instances were let go; history keeps the line. */
    void unloaded() {
        this.loaded = false;
    }

    boolean loaded() {
        return loaded;
    }

    PluginStatus status() {
        return status;
    }

    int weight() {
        return weight;
    }

    String version() {
        return version;
    }

    Optional<PluginError> error() {
        return error;
    }

    VersionInfo info() {
        return new VersionInfo(plugin, version, status, sha256, signature, exports, source, loadedAt, weight, error);
    }
}
