package dev.plinth.reload;

import dev.plinth.api.CallResult;
import dev.plinth.api.PluginError;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.host.CallStats;
import dev.plinth.host.PluginVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A stand-in version for routing tests: answers every call with its version string, runs no wasm. */
final class StubPlugin implements PluginVersion {
    private final String version;
    private final CallStats stats = new CallStats();

    StubPlugin(String version) {
        this.version = version;
    }

    static RoutedVersion deployment(String version) {
        return deployment(version, CanaryPolicy.DEFAULT);
    }

    static RoutedVersion deployment(String version, CanaryPolicy policy) {
        StubPlugin plugin = new StubPlugin(version);
        return new RoutedVersion(plugin, HistoryLine.staged(plugin, plugin.source(), Instant.EPOCH), 0, policy);
    }

    @Override
    public String name() {
        return "stub";
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public PluginManifest manifest() {
        return PluginManifest.forBareModule("stub", "stub.wasm");
    }

    @Override
    public String sha256() {
        return "";
    }

    /** A stand-in digest that differs between version strings. */
    @Override
    public String digest() {
        return String.format("%08x", version.hashCode());
    }

    @Override
    public Path source() {
        return Path.of("stub.wasm");
    }

    @Override
    public Instant loadedAt() {
        return Instant.EPOCH;
    }

    @Override
    public List<String> exports() {
        return List.of("run");
    }

    @Override
    public PluginLimits limits() {
        return PluginLimits.DEFAULTS;
    }

    @Override
    public CallResult call(String function, byte[] input) {
        return new CallResult(version.getBytes(), version, Duration.ZERO);
    }

    @Override
    public Optional<PluginError> lastError() {
        return Optional.empty();
    }

    @Override
    public CallStats callStats() {
        return stats;
    }

    @Override
    public VersionInfo info(PluginStatus status) {
        return new VersionInfo("stub", version, status, "", digest(), signatureState(), exports(), source(), Instant.EPOCH,
                status == PluginStatus.ACTIVE || status == PluginStatus.CANARY ? 100 : 0, Optional.empty());
    }

    @Override
    public int liveInstances() {
        return 0;
    }

    @Override
    public int busyInstances() {
        return 0;
    }

    @Override
    public void close() {
    }
}
