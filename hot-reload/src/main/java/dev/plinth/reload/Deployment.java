package dev.plinth.reload;

import dev.plinth.host.LoadedPlugin;
import dev.plinth.reload.internal.Lease;
import dev.plinth.reload.internal.VersionStats;
import java.nio.file.Path;

/**
 * A loaded version as the registry holds it: the engine's {@link LoadedPlugin}, its history line,
 * the checksum of the files it came from, the policy it arrived under, its call figures, and the
 * lease that closes it after its last call. Immutable apart from the stats, the lease and the
 * entry (which its slot's lock guards).
 */
final class Deployment {
    private final LoadedPlugin plugin;
    private final VersionEntry entry;
    private final String sourceDigest;
    private final long loadMillis;
    private final CanaryPolicy policy;
    private final VersionStats stats = new VersionStats();
    private final Lease lease;

    Deployment(LoadedPlugin plugin, VersionEntry entry, String sourceDigest, long loadMillis, CanaryPolicy policy) {
        this.plugin = plugin;
        this.entry = entry;
        this.sourceDigest = sourceDigest;
        this.loadMillis = loadMillis;
        this.policy = policy;
        this.lease = new Lease(plugin::close);
    }

    LoadedPlugin plugin() {
        return plugin;
    }

    VersionEntry entry() {
        return entry;
    }

    String version() {
        return plugin.version();
    }

    String sourceDigest() {
        return sourceDigest;
    }

    Path source() {
        return plugin.source();
    }

    long loadMillis() {
        return loadMillis;
    }

    CanaryPolicy policy() {
        return policy;
    }

    VersionStats stats() {
        return stats;
    }

    Lease lease() {
        return lease;
    }

    /** Takes the version out of service: it closes once its calls in flight are done. Call after it left routing. */
    void retire() {
        entry.unloaded();
        lease.retire();
    }
}
