package dev.plinth.reload;

import dev.plinth.api.PluginError;
import dev.plinth.api.PluginInfo;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.deploy.VersionInfo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One line of a plugin's version history as it changes over the version's life. Mutated only
 * under its plugin's {@link PluginSlot} lock; callers outside see {@link VersionInfo} snapshots.
 */
final class VersionEntry {
    /** Signature state of a version that never loaded far enough to be checked. */
    static final String SIGNATURE_UNCHECKED = "unchecked";

    private final String version;
    private final String sha256;
    private final Path source;
    private final Instant loadedAt;
    private final String signature;
    private PluginStatus status;
    private int weight;
    private Optional<PluginError> error = Optional.empty();
    private boolean loaded;

    private VersionEntry(String version, String sha256, Path source, Instant loadedAt, String signature,
            PluginStatus status) {
        this.version = version;
        this.sha256 = sha256;
        this.source = source;
        this.loadedAt = loadedAt;
        this.signature = signature;
        this.status = status;
    }

    /** A version that loaded and is about to be installed, with its signature state from the engine. */
    static VersionEntry staged(String version, String sha256, Path source, Instant loadedAt, String signature) {
        VersionEntry entry = new VersionEntry(version, sha256, source, loadedAt, signature, PluginStatus.STAGED);
        entry.loaded = true;
        return entry;
    }

    /** A version that could not be loaded. */
    static VersionEntry failed(String version, String sha256, Path source, PluginError error) {
        VersionEntry entry = new VersionEntry(version, sha256, source, error.at(), SIGNATURE_UNCHECKED,
                PluginStatus.FAILED);
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

    String version() {
        return version;
    }

    Optional<PluginError> error() {
        return error;
    }

    VersionInfo info() {
        return new VersionInfo(version, status, sha256, signature, loadedAt, weight, error);
    }

    /** The registry's entry for a version that failed, so that operators see why it does not serve. */
    PluginInfo failedInfo(String plugin) {
        return new PluginInfo(plugin, version, PluginStatus.FAILED, sha256, List.of(), source, loadedAt, error);
    }
}
