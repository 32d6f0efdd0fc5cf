package dev.plinth.reload;

import dev.plinth.api.PluginError;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionId;
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
    private final String digest;
    private final Path source;
    private final Instant loadedAt;
    private final String signature;
    private final List<String> exports;
    private PluginStatus status;
    private int weight;
    private Optional<PluginError> error = Optional.empty();
    private boolean loaded;

    private HistoryLine(String plugin, String version, String sha256, String digest, Path source, Instant loadedAt,
            String signature, List<String> exports, PluginStatus status) {
        this.plugin = plugin;
        this.version = version;
        this.sha256 = sha256;
        this.digest = digest;
        this.source = source;
        this.loadedAt = loadedAt;
        this.signature = signature;
        this.exports = List.copyOf(exports);
        this.status = status;
    }

    /** A version that loaded from {@code source} at {@code at} and is about to be installed. */
    static HistoryLine staged(PluginVersion loaded, Path source, Instant at) {
        HistoryLine entry = new HistoryLine(loaded.name(), loaded.version(), loaded.sha256(), loaded.digest(), source,
                at, loaded.signatureState(), loaded.exports(), PluginStatus.STAGED);
        entry.loaded = true;
        return entry;
    }

    /** A version of {@code plugin} that could not be loaded; {@code digest} is empty if its files could not be read. */
    static HistoryLine failed(String plugin, String version, String sha256, String digest, Path source,
            PluginError error) {
        HistoryLine entry = new HistoryLine(plugin, version, sha256, digest, source, error.at(),
                VersionInfo.SIGNATURE_UNCHECKED, List.of(), PluginStatus.FAILED);
        entry.error = Optional.of(error);
        return entry;
    }

    /** Its status and share of calls now. */
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

    VersionId id() {
        return new VersionId(version, digest);
    }

    Optional<PluginError> error() {
        return error;
    }

    VersionInfo info() {
        return new VersionInfo(plugin, version, status, sha256, digest, signature, exports, source, loadedAt, weight,
                error);
    }
}
