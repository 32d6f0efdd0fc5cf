package dev.plinth.security.audit;

import dev.plinth.api.error.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: every refusal and limit hit, kept in bounded memory whatever a plugin does, readable
 * back, written to the log at WARN through the logger {@code plinth.audit}, and passed on to
 * {@link AuditListener}s. Thread-safe.
 *
 * <p><b>Bounded.</b> At most {@link #capacity()} entries are kept, and each is a few kilobytes at most
 * ({@link AuditEntry} cuts its resource and detail).
 *
 * <p><b>A share per plugin.</b> When the log is full, the entry that makes room is the oldest of the
 * plugin that holds the most entries, counting the new entry for its plugin (among equals, the new
 * entry's plugin, then the one idle longest). So one plugin's flood only ever evicts its own entries
 * once it holds the most: with {@code p} plugins in the log each keeps at least its newest
 * {@code capacity / p} entries, whatever the others do.
 * A plugin is tracked only while it has entries, so at most {@code capacity} plugins are.
 *
 * <p><b>Floods fold.</b> An event that is {@linkplain AuditEntry#sameEventAs the same} as one the
 * plugin already has in the log (same version, code, resource and action), and happens within the
 * {@linkplain #coalesceWindow() window} (10 s by default) after that one's last occurrence, is counted
 * in that entry ({@link AuditEntry#count()}, {@link AuditEntry#last()}) instead of taking a new one;
 * the entry keeps the first event's detail. The WARN log gets the first event in full, then a summary
 * line when the count reaches 10, 100, 1,000 and so on, and a last one when the run ends (an event of
 * the same kind after the window, or the entry's eviction) with repeats not yet written: 1,200
 * identical refusals are four or five WARN lines, not 1,200. Listeners still hear every event, each
 * with a count of 1, so their sums are exact.
 *
 * <p>Reads return entries oldest first, ordered by their latest occurrence: a run that goes on moves
 * to the newest end.
 */
public final class AuditLog {
    /** How many entries a log keeps unless told otherwise. */
    public static final int DEFAULT_CAPACITY = 1_000;
    /** How close together the same event must repeat to be counted in one entry, unless told otherwise. */
    public static final Duration DEFAULT_COALESCE_WINDOW = Duration.ofSeconds(10);
    /** The logger every entry is written to. */
    public static final String LOGGER = "plinth.audit";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    /** One kept entry, with the bookkeeping of its run. */
    private static final class Kept {
        final PluginShare share;
        AuditEntry entry;
        long sequence;
        /** The count last written to the WARN log. */
        long logged;

        Kept(PluginShare share, AuditEntry entry, long sequence) {
            this.share = share;
            this.entry = entry;
            this.sequence = sequence;
            this.logged = 1;
        }
    }

    /** The entries of one plugin, oldest first, and its newest entry of each kind. */
    private static final class PluginShare {
        final String plugin;
        final LinkedHashSet<Kept> entries = new LinkedHashSet<>();
        final Map<EventKind, Kept> newestOfKind = new HashMap<>();
        long lastActive;

        PluginShare(String plugin) {
            this.plugin = plugin;
        }
    }

    /** What makes two events the same: see {@link AuditEntry#sameEventAs}. */
    private record EventKind(String version, ErrorCode what, String resource, AuditAction action) {
        static EventKind of(AuditEntry e) {
            return new EventKind(e.version(), e.what(), e.resource(), e.action());
        }
    }

    private final int capacity;
    private final Duration window;
    private final Object lock = new Object();
    private final Map<String, PluginShare> plugins = new HashMap<>();
    /** Every kept entry by its sequence number: the order of their latest occurrences. */
    private final TreeMap<Long, Kept> order = new TreeMap<>();
    private final List<AuditListener> listeners = new CopyOnWriteArrayList<>();
    private long sequence;
    private long recorded;

    /** A log that keeps the last {@value #DEFAULT_CAPACITY} entries. */
    public AuditLog() {
        this(DEFAULT_CAPACITY);
    }

    /** A log that keeps the last {@code capacity} entries, folding repeats within 10 s. */
    public AuditLog(int capacity) {
        this(capacity, DEFAULT_COALESCE_WINDOW);
    }

    /**
     * A log that keeps the last {@code capacity} entries and counts the same event repeated within
     * {@code coalesceWindow} in one entry ({@link Duration#ZERO}: only repeats at the same instant).
     */
    public AuditLog(int capacity, Duration coalesceWindow) {
        if (capacity < 1) {
            throw new IllegalArgumentException("audit log capacity must be at least 1, was " + capacity);
        }
        Objects.requireNonNull(coalesceWindow, "coalesceWindow");
        if (coalesceWindow.isNegative()) {
            throw new IllegalArgumentException("the coalesce window must not be negative, was " + coalesceWindow);
        }
        this.capacity = capacity;
        this.window = coalesceWindow;
    }

    /**
     * Keeps the event (in a new entry, or counted in the entry of its run), writes it to the WARN log
     * (in full if it starts a run, as a summary when the run's count reaches a power of ten) and
     * tells the listeners.
     */
    public void record(AuditEntry entry) {
        Objects.requireNonNull(entry, "entry");
        List<String> lines = new ArrayList<>(2);
        synchronized (lock) {
            keep(entry, lines);
        }
        for (String line : lines) {
            LOG.warn("{}", line);
        }
        for (AuditListener listener : listeners) {
            try {
                listener.onAudit(entry);
            } catch (RuntimeException e) {
                LOG.error("audit listener {} failed; ignored", listener, e);
            }
        }
    }

    private void keep(AuditEntry entry, List<String> lines) {
        recorded += entry.count();
        long now = ++sequence;
        EventKind kind = EventKind.of(entry);
        PluginShare known = plugins.get(entry.plugin());
        Kept run = known == null ? null : known.newestOfKind.get(kind);
        if (run != null && closeTogether(run.entry, entry)) {
            known.lastActive = now;
            run.entry = run.entry.plus(entry);
            order.remove(run.sequence);
            run.sequence = now;
            order.put(now, run);
            known.entries.remove(run);
            known.entries.add(run);
            if (isPowerOfTen(run.entry.count())) {
                lines.add(summary(run));
            }
            return;
        }
        if (run != null && run.entry.count() > run.logged) {
            lines.add(summary(run)); // the run ended: say how long it was, if not said yet
        }
        if (order.size() >= capacity) {
            evictOne(entry.plugin(), lines);
        }
        // after the eviction, which may have dropped this plugin's last entry and so its share
        PluginShare share = plugins.computeIfAbsent(entry.plugin(), PluginShare::new);
        share.lastActive = now;
        Kept kept = new Kept(share, entry, now);
        kept.logged = entry.count();
        share.entries.add(kept);
        share.newestOfKind.put(kind, kept);
        order.put(now, kept);
        lines.add("audit: " + entry.describe());
    }

    private boolean closeTogether(AuditEntry run, AuditEntry next) {
        Duration gap = Duration.between(run.last(), next.at());
        return gap.abs().compareTo(window) <= 0;
    }

    /**
     * Drops the oldest entry of the plugin that holds the most, counting the entry about to come in
     * for its plugin; among equals the incoming entry's plugin pays, then the one idle longest.
     */
    private void evictOne(String incoming, List<String> lines) {
        PluginShare victim = null;
        int victimWeight = 0;
        for (PluginShare share : plugins.values()) {
            if (share.entries.isEmpty()) {
                continue;
            }
            boolean mine = share.plugin.equals(incoming);
            int weight = share.entries.size() + (mine ? 1 : 0);
            if (victim == null || weight > victimWeight
                    || (weight == victimWeight && (mine || (!victim.plugin.equals(incoming)
                            && share.lastActive < victim.lastActive)))) {
                victim = share;
                victimWeight = weight;
            }
        }
        Iterator<Kept> oldest = victim.entries.iterator();
        Kept dropped = oldest.next();
        oldest.remove();
        order.remove(dropped.sequence);
        dropped.share.newestOfKind.remove(EventKind.of(dropped.entry), dropped);
        if (dropped.entry.count() > dropped.logged) {
            lines.add(summary(dropped));
        }
        if (victim.entries.isEmpty()) {
            plugins.remove(victim.plugin);
        }
    }

    private static String summary(Kept run) {
        run.logged = run.entry.count();
        return "audit, repeated: " + run.entry.describe();
    }

    private static boolean isPowerOfTen(long n) {
        while (n >= 10 && n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }

    /** The last {@code n} entries (fewer if fewer are kept), oldest first. */
    public List<AuditEntry> recent(int n) {
        requireNonNegative(n);
        synchronized (lock) {
            List<AuditEntry> out = new ArrayList<>(Math.min(n, order.size()));
            for (Kept kept : order.descendingMap().values()) {
                if (out.size() == n) {
                    break;
                }
                out.add(kept.entry);
            }
            Collections.reverse(out);
            return Collections.unmodifiableList(out);
        }
    }

    /** The last {@code n} entries about {@code plugin} among those kept, oldest first. */
    public List<AuditEntry> recent(String plugin, int n) {
        Objects.requireNonNull(plugin, "plugin");
        requireNonNegative(n);
        synchronized (lock) {
            PluginShare share = plugins.get(plugin);
            if (share == null) {
                return List.of();
            }
            List<AuditEntry> out = new ArrayList<>(Math.min(n, share.entries.size()));
            int skip = share.entries.size() - Math.min(n, share.entries.size());
            for (Kept kept : share.entries) {
                if (skip-- > 0) {
                    continue;
                }
                out.add(kept.entry);
            }
            return Collections.unmodifiableList(out);
        }
    }

    /** Entries kept now: at most the capacity. */
    public int size() {
        synchronized (lock) {
            return order.size();
        }
    }

    /** How many entries the log keeps at most. */
    public int capacity() {
        return capacity;
    }

    /** How close together the same event must repeat to be counted in one entry. */
    public Duration coalesceWindow() {
        return window;
    }

    /**
     * Events recorded since the log was made, including those no longer kept; an event counted in
     * the entry of its run counts too (so this is the sum of the counts, not the number of entries).
     */
    public long totalRecorded() {
        synchronized (lock) {
            return recorded;
        }
    }

    public void addListener(AuditListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(AuditListener listener) {
        listeners.remove(listener);
    }

    private static void requireNonNegative(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, was " + n);
        }
    }

    @Override
    public String toString() {
        return "AuditLog[" + size() + " of " + capacity() + " kept, " + totalRecorded() + " recorded]";
    }
}
