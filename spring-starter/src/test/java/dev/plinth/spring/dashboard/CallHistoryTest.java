package dev.plinth.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-plugin ring of samples: bounded, oldest dropped first, forgetting plugins no longer listed. */
class CallHistoryTest {

    private static CallSample sample(long calls) {
        return new CallSample("2026-12-03T20:00:0" + (calls % 10) + "Z", "0.1.0@1a2b3c4d", calls, 0, 1.0, 2.0, null, 0,
                0);
    }

    @Test
    void keepsTheNewestSamplesUpToItsCapacity() {
        CallHistory history = new CallHistory(3);
        for (long calls = 1; calls <= 5; calls++) {
            history.record(Map.of("text-transformer", sample(calls)));
        }
        assertThat(history.of("text-transformer")).extracting(CallSample::calls).containsExactly(3L, 4L, 5L);
    }

    @Test
    void forgetsAPluginThatIsNoLongerListed() {
        CallHistory history = new CallHistory(3);
        history.record(Map.of("a", sample(1), "b", sample(1)));
        history.record(Map.of("a", sample(2)));
        assertThat(history.all()).containsOnlyKeys("a");
        assertThat(history.of("b")).isEmpty();
    }

    @Test
    void refusesANonPositiveCapacity() {
        assertThatThrownBy(() -> new CallHistory(0)).hasMessageContaining("capacity must be positive");
    }
}
