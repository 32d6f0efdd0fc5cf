package dev.plinth.security.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.plinth.api.error.ErrorCode;
import java.time.Duration;
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
    /** Event number {@code n} of a plugin, each on another resource (the same resource would fold). */
    private static AuditEntry entry(String plugin, int n) {
        return new AuditEntry(plugin, "1.0.0", ErrorCode.TIMEOUT, "spin-" + n + " (cpu-time 200ms)", "call #" + n,
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
            assertThat(event.getFormattedMessage()).isEqualTo("audit: a 1.0.0 timeout [spin-1 (cpu-time 200ms)] stopped;"
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

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    /** A refused file access at {@code t0 + millis}, on the resource "files" as the loader records them. */
    private static AuditEntry refusedOpen(String plugin, String path, long millis) {
        return new AuditEntry(plugin, "0.1.0", ErrorCode.PERMISSION_DENIED, "files",
                "path_open " + path + ": outside its directory", AuditAction.REFUSED, T0.plusMillis(millis));
    }

    private static List<String> warnLines(Runnable work) {
        Logger logger = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
        Level before = logger.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.WARN);
        try {
            work.run();
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(before);
        }
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aFloodOfTheSameRefusalIsOneEntryWithACount() {
        AuditLog log = new AuditLog();
        List<AuditEntry> heard = new CopyOnWriteArrayList<>();
        log.addListener(heard::add);
        List<String> lines = warnLines(() -> {
            for (int i = 0; i < 1_200; i++) {
                log.record(refusedOpen("noise", "../escape-" + i, i));
            }
        });

        assertThat(log.recent("noise", 10)).singleElement().satisfies(e -> {
            assertThat(e.count()).isEqualTo(1_200);
            assertThat(e.detail()).isEqualTo("path_open ../escape-0: outside its directory");
            assertThat(e.at()).isEqualTo(T0);
            assertThat(e.last()).isEqualTo(T0.plusMillis(1_199));
        });
        assertThat(log.size()).isEqualTo(1);
        assertThat(log.totalRecorded()).isEqualTo(1_200);
        // the first in full, then a summary at 10, 100 and 1,000
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("audit: noise 0.1.0 permission-denied [files] refused: path_open"
                + " ../escape-0: outside its directory");
        assertThat(lines.get(3)).startsWith("audit, repeated: noise 0.1.0 permission-denied [files] refused:")
                .contains("(1000 times, " + T0 + " to " + T0.plusMillis(999) + ")");
        // listeners hear every event, each counting one
        assertThat(heard).hasSize(1_200).allSatisfy(e -> assertThat(e.count()).isEqualTo(1));
        assertThat(heard.stream().mapToLong(AuditEntry::count).sum()).isEqualTo(log.totalRecorded());
    }

    @Test
    void theSameEventAfterTheWindowStartsANewEntryAndTheOldRunIsSummed() {
        AuditLog log = new AuditLog(100, Duration.ofSeconds(10));
        List<String> lines = warnLines(() -> {
            for (int i = 0; i < 12; i++) {
                log.record(refusedOpen("noise", "../x", i));
            }
            log.record(refusedOpen("noise", "../later", 11 + 10_001));
        });

        assertThat(log.recent("noise", 10)).extracting(AuditEntry::count).containsExactly(12L, 1L);
        assertThat(lines).containsExactly(
                "audit: noise 0.1.0 permission-denied [files] refused: path_open ../x: outside its directory",
                "audit, repeated: noise 0.1.0 permission-denied [files] refused: path_open ../x: outside its directory"
                        + " (10 times, " + T0 + " to " + T0.plusMillis(9) + ")",
                "audit, repeated: noise 0.1.0 permission-denied [files] refused: path_open ../x: outside its directory"
                        + " (12 times, " + T0 + " to " + T0.plusMillis(11) + ")",
                "audit: noise 0.1.0 permission-denied [files] refused: path_open ../later: outside its directory");
    }

    @Test
    void onlyTheSameEventFolds() {
        AuditLog log = new AuditLog();
        log.record(refusedOpen("a", "../x", 0));
        log.record(new AuditEntry("a", "0.2.0", ErrorCode.PERMISSION_DENIED, "files", "other version",
                AuditAction.REFUSED, T0));
        log.record(new AuditEntry("a", "0.1.0", ErrorCode.TIMEOUT, "files", "other code", AuditAction.REFUSED, T0));
        log.record(new AuditEntry("a", "0.1.0", ErrorCode.PERMISSION_DENIED, "net", "other resource",
                AuditAction.REFUSED, T0));
        log.record(new AuditEntry("a", "0.1.0", ErrorCode.PERMISSION_DENIED, "files", "other action",
                AuditAction.STOPPED, T0));
        log.record(refusedOpen("b", "../x", 0));
        log.record(refusedOpen("a", "../y", 1));

        assertThat(log.size()).isEqualTo(6);
        assertThat(log.recent("a", 10)).extracting(AuditEntry::count).containsExactly(1L, 1L, 1L, 1L, 2L);
        // a run that goes on moves to the newest end
        assertThat(log.recent(2)).extracting(AuditEntry::plugin, AuditEntry::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", 1L), org.assertj.core.groups.Tuple.tuple("a", 2L));
        assertThat(new AuditLog(10, Duration.ZERO).coalesceWindow()).isZero();
        assertThatThrownBy(() -> new AuditLog(10, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneFloodCannotEvictAnotherPluginsEntries() {
        AuditLog log = new AuditLog(100);
        for (int i = 0; i < 5; i++) {
            log.record(entry("victim", i));
        }
        for (int i = 0; i < 1_200; i++) {
            log.record(entry("flooder", i)); // all different: none folds
        }

        assertThat(log.recent("victim", 100)).extracting(AuditEntry::detail)
                .containsExactly("call #0", "call #1", "call #2", "call #3", "call #4");
        assertThat(log.recent("flooder", 1_000)).hasSize(95).first().extracting(AuditEntry::detail)
                .isEqualTo("call #1105");
        assertThat(log.size()).isEqualTo(100);
        assertThat(log.recent(100)).hasSize(100);
        assertThat(log.recent(1).get(0).detail()).isEqualTo("call #1199");
    }

    @Test
    void everyPluginKeepsItsShareWhenManyShareTheLog() {
        int capacity = 12;
        AuditLog log = new AuditLog(capacity);
        List<String> quiet = List.of("a", "b", "c", "d", "e");
        for (String plugin : quiet) {
            for (int i = 0; i < 2; i++) {
                log.record(entry(plugin, i));
            }
        }
        for (int i = 0; i < 500; i++) {
            log.record(entry("flooder", i));
        }

        for (String plugin : quiet) {
            assertThat(log.recent(plugin, 10)).as(plugin).hasSizeGreaterThanOrEqualTo(capacity / 6);
        }
        assertThat(log.size()).isEqualTo(capacity);
        // more plugins than room: the one idle longest goes first, and a plugin without entries is forgotten
        AuditLog tiny = new AuditLog(2);
        tiny.record(entry("old", 1));
        tiny.record(entry("mid", 1));
        tiny.record(entry("new", 1));
        assertThat(tiny.recent("old", 5)).isEmpty();
        assertThat(tiny.recent(5)).extracting(AuditEntry::plugin).containsExactly("mid", "new");
        AuditLog one = new AuditLog(1);
        one.record(entry("p", 1));
        one.record(entry("p", 2));
        assertThat(one.recent("p", 5)).extracting(AuditEntry::detail).containsExactly("call #2");
    }

    @Test
    void hugeResourcesAndDetailsAreCutBeforeTheyAreKeptOrLogged() {
        String path = "../" + "A".repeat(4 << 20);
        AuditLog log = new AuditLog();
        List<String> lines = warnLines(() -> log.record(new AuditEntry("noise", "0.1.0", ErrorCode.PERMISSION_DENIED,
                path, "path_open " + path + ": outside its directory", AuditAction.REFUSED, T0)));

        AuditEntry kept = log.recent(1).get(0);
        assertThat(kept.resource()).hasSizeLessThan(AuditEntry.MAX_RESOURCE_CHARS + 40).startsWith("../AAA")
                .endsWith("(cut: " + path.length() + " chars in all)");
        assertThat(kept.detail()).hasSizeLessThan(AuditEntry.MAX_DETAIL_CHARS + 40).startsWith("path_open ../AAA")
                .endsWith("(cut: " + ("path_open " + path + ": outside its directory").length() + " chars in all)");
        assertThat(lines).singleElement().satisfies(line -> assertThat(line.length()).isLessThan(1_500));
    }

    @Test
    void anEntryIsOneEventOrARunOfThem() {
        AuditEntry one = refusedOpen("p", "../x", 0);
        assertThat(one.count()).isEqualTo(1);
        assertThat(one.last()).isEqualTo(one.at());
        assertThat(one.sameEventAs(refusedOpen("p", "../y", 5))).isTrue();
        assertThat(one.sameEventAs(refusedOpen("q", "../x", 0))).isFalse();
        assertThatThrownBy(() -> new AuditEntry("p", "1", ErrorCode.TIMEOUT, "r", "d", AuditAction.STOPPED, T0, 0, T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuditEntry("p", "1", ErrorCode.TIMEOUT, "r", "d", AuditAction.STOPPED, T0, 2,
                T0.minusSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new AuditEntry("p", "1", ErrorCode.TIMEOUT, "r", "d", AuditAction.STOPPED, T0, 3, T0.plusSeconds(2))
                .describe()).isEqualTo("p 1 timeout [r] stopped; instance discarded: d (3 times, " + T0 + " to "
                        + T0.plusSeconds(2) + ")");
    }
}
