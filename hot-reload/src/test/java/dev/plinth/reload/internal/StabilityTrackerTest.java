package dev.plinth.reload.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The debounce rules, on fingerprints and a hand-driven clock (milliseconds as nanoseconds below). */
class StabilityTrackerTest {
    private static final long MS = 1_000_000;
    private final StabilityTracker tracker = new StabilityTracker(Duration.ofMillis(200));
    private final Path plugin = Path.of("/plugins/text-transformer");
    private final Path other = Path.of("/plugins/other");

    private static SourceFingerprint fingerprint(long size, long modified) {
        return new SourceFingerprint(Map.of("plugin.wasm", new FileStamp(size, modified, "inode-1")));
    }

    @Test
    void aChangeSettlesOnlyAfterStayingPutForTheDebounce() {
        tracker.settle(plugin, fingerprint(100, 1));
        assertThat(tracker.observe(Map.of(plugin, fingerprint(50, 2)), 0).isEmpty()).isTrue();
        assertThat(tracker.observe(Map.of(plugin, fingerprint(50, 2)), 199 * MS).isEmpty()).isTrue();
        assertThat(tracker.nextDueNanos()).hasValue(200 * MS);
        StabilityTracker.Settled settled = tracker.observe(Map.of(plugin, fingerprint(50, 2)), 200 * MS);
        assertThat(settled.changed()).containsExactly(plugin);
        assertThat(tracker.hasPending()).isFalse();
        assertThat(tracker.observe(Map.of(plugin, fingerprint(50, 2)), 900 * MS).isEmpty())
                .as("a settled change is reported once").isTrue();
    }

    @Test
    void aFileStillGrowingRestartsTheWait() {
        tracker.settle(plugin, fingerprint(100, 1));
        long now = 0;
        for (int chunk = 1; chunk <= 10; chunk++) {
            assertThat(tracker.observe(Map.of(plugin, fingerprint(chunk * 10, chunk + 1)), now).isEmpty())
                    .as("chunk " + chunk).isTrue();
            now += 150 * MS;
        }
        assertThat(tracker.observe(Map.of(plugin, fingerprint(100, 11)), now + 10 * MS).isEmpty()).isTrue();
        assertThat(tracker.observe(Map.of(plugin, fingerprint(100, 11)), now + 200 * MS).changed())
                .containsExactly(plugin);
    }

    @Test
    void aReplacedFileWithTheSameSizeAndTimeStillCountsAsChanged() {
        tracker.settle(plugin, fingerprint(100, 1));
        SourceFingerprint moved = new SourceFingerprint(Map.of("plugin.wasm", new FileStamp(100, 1, "inode-2")));
        tracker.observe(Map.of(plugin, moved), 0);
        assertThat(tracker.observe(Map.of(plugin, moved), 200 * MS).changed()).containsExactly(plugin);
    }

    @Test
    void theSameFingerprintAgainIsNoChange() {
        tracker.settle(plugin, fingerprint(100, 1));
        assertThat(tracker.observe(Map.of(plugin, fingerprint(100, 1)), 0).isEmpty()).isTrue();
        assertThat(tracker.hasPending()).isFalse();
    }

    @Test
    void aRemovalSettlesAfterTheDebounceAndARenameSettlesInOnePass() {
        tracker.settle(plugin, fingerprint(100, 1));
        tracker.observe(Map.of(other, fingerprint(100, 1)), 0);
        StabilityTracker.Settled settled = tracker.observe(Map.of(other, fingerprint(100, 1)), 200 * MS);
        assertThat(settled.changed()).containsExactly(other);
        assertThat(settled.removed()).containsExactly(plugin);
    }

    @Test
    void aSourceThatComesBackBeforeTheDebounceWasNeverGone() {
        tracker.settle(plugin, fingerprint(100, 1));
        tracker.observe(Map.of(), 0);
        assertThat(tracker.observe(Map.of(plugin, fingerprint(100, 1)), 100 * MS).isEmpty()).isTrue();
        assertThat(tracker.observe(Map.of(plugin, fingerprint(100, 1)), 400 * MS).isEmpty()).isTrue();
    }
}
