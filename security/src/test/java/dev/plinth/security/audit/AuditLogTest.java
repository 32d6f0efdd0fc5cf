package dev.plinth.security.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.plinth.api.error.ErrorCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AuditLogTest {
    private static AuditEntry entry(String plugin, int n) {
        return new AuditEntry(plugin, "1.0.0", ErrorCode.TIMEOUT, "spin, cpu-time 200ms", "call #" + n,
                AuditAction.STOPPED, Instant.now());
    }

    @Test
    void keepsEntriesInTheOrderTheyWereRecorded() {
        AuditLog log = new AuditLog(10);
        for (int i = 0; i < 5; i++) {
            log.record(entry("a", i));
        }

        assertThat(log.recent(3)).extracting(AuditEntry::detail).containsExactly("call #2", "call #3", "call #4");
        assertThat(log.recent(100)).hasSize(5);
        assertThat(log.recent(0)).isEmpty();
        assertThat(log.size()).isEqualTo(5);
    }

    @Test
    void theOldestMakeRoomWhenFull() {
        AuditLog log = new AuditLog(3);
        for (int i = 0; i < 7; i++) {
            log.record(entry("a", i));
        }

        assertThat(log.recent(10)).extracting(AuditEntry::detail).containsExactly("call #4", "call #5", "call #6");
        assertThat(log.size()).isEqualTo(3);
        assertThat(log.totalRecorded()).isEqualTo(7);
        assertThat(log.capacity()).isEqualTo(3);
    }

    @Test
    void filtersByPlugin() {
        AuditLog log = new AuditLog(100);
        for (int i = 0; i < 10; i++) {
            log.record(entry(i % 2 == 0 ? "even" : "odd", i));
        }

        assertThat(log.recent("odd", 3)).extracting(AuditEntry::detail).containsExactly("call #5", "call #7",
                "call #9");
        assertThat(log.recent("even", 100)).hasSize(5).allMatch(e -> e.plugin().equals("even"));
        assertThat(log.recent("none", 5)).isEmpty();
    }

    @Test
    void theDefaultCapacityIsAThousand() {
        AuditLog log = new AuditLog();
        assertThat(log.capacity()).isEqualTo(1_000);
        assertThatThrownBy(() -> new AuditLog(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.recent(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void staysWithinItsCapacityUnderConcurrentWriters() throws Exception {
        int capacity = 100;
        int writers = 8;
        int perWriter = 2_000;
        AuditLog log = new AuditLog(capacity);
        AtomicInteger heard = new AtomicInteger();
        log.addListener(e -> heard.incrementAndGet());
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String plugin = "writer-" + w;
                running.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perWriter; i++) {
                        log.record(entry(plugin, i));
                    }
                    return null;
                }));
            }
            Future<?> reader = pool.submit(() -> {
                start.await();
                for (int i = 0; i < 2_000; i++) {
                    List<AuditEntry> seen = log.recent(capacity * 2);
                    assertThat(seen.size()).isLessThanOrEqualTo(capacity);
                    assertThat(seen).doesNotContainNull();
                }
                return null;
            });
            start.countDown();
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
            reader.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertThat(log.size()).isEqualTo(capacity);
        assertThat(log.totalRecorded()).isEqualTo((long) writers * perWriter);
        assertThat(heard.get()).isEqualTo(writers * perWriter);
        List<AuditEntry> kept = log.recent(capacity);
        assertThat(kept).hasSize(capacity).doesNotContainNull();
        // each writer's own entries stay in its order
        for (int w = 0; w < writers; w++) {
            List<Integer> numbers = log.recent("writer-" + w, capacity).stream()
                    .map(e -> Integer.parseInt(e.detail().substring("call #".length()))).toList();
            assertThat(numbers).isSorted();
        }
        Set<AuditEntry> distinct = new HashSet<>(kept);
        assertThat(distinct).hasSize(capacity);
        assertThat(log.recent("writer-0", capacity).size() + log.recent("writer-1", capacity).size())
                .isLessThanOrEqualTo(capacity);
    }

    @Test
    void listenersHearEveryEntryAndOneThatThrowsIsIgnored() {
        AuditLog log = new AuditLog(2);
        List<AuditEntry> heard = new CopyOnWriteArrayList<>();
        log.addListener(e -> {
            throw new IllegalStateException("broken listener");
        });
        AuditListener keeper = heard::add;
        log.addListener(keeper);

        log.record(entry("a", 1));
        log.removeListener(keeper);
        log.record(entry("a", 2));

        assertThat(heard).extracting(AuditEntry::detail).containsExactly("call #1");
        assertThat(log.size()).isEqualTo(2);
    }

    @Test
    void logsEveryEntryAtWarn() {
        Logger logger = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
        Level before = logger.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.WARN);
        try {
            new AuditLog().record(entry("a", 1));
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(before);
        }

        assertThat(appender.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).isEqualTo("audit: a 1.0.0 timeout [spin, cpu-time 200ms] stopped;"
                    + " instance discarded: call #1");
        });
    }

    @Test
    void describesAnEntryOnOneLine() {
        AuditEntry e = new AuditEntry("abi-fixtures", "0.1.0", ErrorCode.TIMEOUT, "spin, cpu-time 200ms",
                "abi-fixtures.spin ran past its deadline", AuditAction.STOPPED, Instant.EPOCH);
        assertThat(e.describe()).isEqualTo("abi-fixtures 0.1.0 timeout [spin, cpu-time 200ms] stopped; instance"
                + " discarded: abi-fixtures.spin ran past its deadline");
    }
}
