package dev.plinth.reload;

import dev.plinth.api.VersionId;
import dev.plinth.host.PluginVersion;
import dev.plinth.reload.internal.Lease;
import dev.plinth.reload.internal.VersionFigures;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;

/**
 * A loaded version as the registry holds it: the engine's {@link PluginVersion} (which counts its
 * own calls and knows the digest of the files it came from), its history line, the policy it arrived
 * under, the calls of exports it lost, and the lease that closes it after its last call. Immutable
 * apart from that count, the lease and the entry (which its slot's lock guards).
 */
final class RoutedVersion {
    private final PluginVersion plugin;
    private final HistoryLine entry;
    private final long loadMillis;
    private final CanaryPolicy policy;
    private final LongAdder lostExports = new LongAdder();
    private final Lease lease;

    RoutedVersion(PluginVersion plugin, HistoryLine entry, long loadMillis, CanaryPolicy policy) {
        this.plugin = plugin;
        this.entry = entry;
        this.loadMillis = loadMillis;
        this.policy = policy;
        this.lease = new Lease(plugin::close);
    }

    PluginVersion plugin() {
        return plugin;
    }

    HistoryLine entry() {
        return entry;
    }

    /** Its version and digest, as events and logs name it ({@code 0.1.0@1a2b3c4d}). */
    VersionId id() {
        return plugin.versionId();
    }

    /** The digest of the files it was loaded from: two versions with the same one are the same build. */
    String digest() {
        return plugin.digest();
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

    /**
     * Counts a {@code not-found} call of an export that the active version has and this one lacks:
     * the only fact about a canary's calls that its own statistics cannot tell.
     */
    void lostExport() {
        lostExports.increment();
    }

    /** Calls that count for or against the version; cheaper than {@link #figures()}. */
    long countedCalls() {
        return plugin.callStats().measuredCalls() + lostExports.sum();
    }

    /** Its calls as the canary judge counts them. */
    VersionFigures figures() {
        return VersionFigures.of(plugin.callStats().snapshot(), lostExports.sum());
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
