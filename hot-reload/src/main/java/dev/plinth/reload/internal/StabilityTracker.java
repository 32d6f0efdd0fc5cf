package dev.plinth.reload.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Decides when a changed plugin source is complete: its fingerprint (sizes, times, file keys) must
 * stay the same for the debounce interval. A source is reported once per settled change; a file
 * still being written keeps changing and is never reported half-written, and a source that went
 * away is reported removed once it stayed away for the interval too (so a rename is seen as one
 * settled removal and one settled appearance, in the same pass).
 *
 * <p>Pure logic over fingerprints and a nanosecond clock, so it is tested without files. Not
 * thread-safe: one watcher thread owns it.
 */
public final class StabilityTracker {
    private final long debounceNanos;
    private final Map<Path, SourceFingerprint> settled = new HashMap<>();
    private final Map<Path, Observation> pending = new HashMap<>();

    private record Observation(SourceFingerprint fingerprint, long sinceNanos) {
    }

    /** The sources whose change settled in one pass: changed (or new) ones and removed ones. */
    public record Settled(List<Path> changed, List<Path> removed) {
        public boolean isEmpty() {
            return changed.isEmpty() && removed.isEmpty();
        }
    }

    public StabilityTracker(Duration debounce) {
        if (debounce.isNegative()) {
            throw new IllegalArgumentException("debounce must not be negative: " + debounce);
        }
        this.debounceNanos = debounce.toNanos();
    }

    /** Takes {@code fingerprint} as the known state of {@code source}, as if it had just been acted on. */
    public void settle(Path source, SourceFingerprint fingerprint) {
        pending.remove(source);
        if (fingerprint.absent()) {
            settled.remove(source);
        } else {
            settled.put(source, fingerprint);
        }
    }

    /**
     * Compares what the folder holds now with what was settled, and returns what settled in this
     * pass. Sources missing from {@code current} are taken as absent.
     */
    public Settled observe(Map<Path, SourceFingerprint> current, long nowNanos) {
        Set<Path> known = new HashSet<>(settled.keySet());
        known.addAll(pending.keySet());
        known.addAll(current.keySet());
        List<Path> changed = new ArrayList<>();
        List<Path> removed = new ArrayList<>();
        for (Path source : known) {
            SourceFingerprint now = current.getOrDefault(source, SourceFingerprint.ABSENT);
            SourceFingerprint before = settled.getOrDefault(source, SourceFingerprint.ABSENT);
            if (now.equals(before)) {
                pending.remove(source);
                continue;
            }
            Observation seen = pending.get(source);
            if (seen == null || !seen.fingerprint().equals(now)) {
                pending.put(source, new Observation(now, nowNanos));
            } else if (nowNanos - seen.sinceNanos() >= debounceNanos) {
                settle(source, now);
                (now.absent() ? removed : changed).add(source);
            }
        }
        changed.sort(null);
        removed.sort(null);
        return new Settled(List.copyOf(changed), List.copyOf(removed));
    }

    /** When the earliest pending change will have been stable for the debounce interval. */
    public OptionalLong nextDueNanos() {
        return pending.values().stream().mapToLong(o -> o.sinceNanos() + debounceNanos).min();
    }

    /** Whether some change is waiting to settle. */
    public boolean hasPending() {
        return !pending.isEmpty();
    }
}
