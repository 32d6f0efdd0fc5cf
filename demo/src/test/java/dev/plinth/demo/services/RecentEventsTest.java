package dev.plinth.demo.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.event.EmittedEvent;
import org.junit.jupiter.api.Test;

/** What {@code GET /api/events} shows: the newest events, bounded, oldest first, by plugin. */
class RecentEventsTest {
    @Test
    void keepsTheNewestHundredAndFiltersByPlugin() {
        RecentEvents events = new RecentEvents();
        for (int i = 0; i < 150; i++) {
            events.on(new EmittedEvent(i % 3 == 0 ? "a" : "b", "1.0.0@abc", "t." + i, "p" + i));
        }
        assertThat(events.recent(null, 100)).hasSize(RecentEvents.CAPACITY)
                .first().extracting(RecentEvents.Received::type).isEqualTo("t.50");
        assertThat(events.recent(null, 2)).extracting(RecentEvents.Received::payload).containsExactly("p148", "p149");
        assertThat(events.recent("a", 100)).hasSize(33).allSatisfy(e -> assertThat(e.plugin()).isEqualTo("a"))
                .last().extracting(RecentEvents.Received::type).isEqualTo("t.147");
        assertThat(events.recent("nobody", 10)).isEmpty();
    }
}
