package dev.plinth.security.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: every refusal and limit hit, kept in a bounded in-memory ring (the oldest entries
 * make room for new ones) that can be read back, written to the log at WARN through the logger
 * {@code plinth.audit}, and passed on to {@link AuditListener}s. Thread-safe.
 *
 * <p>Reads return entries oldest first, in the order they were recorded.
 */
public final class AuditLog {
    /** How many entries a log keeps unless told otherwise. */
    public static final int DEFAULT_CAPACITY = 1_000;
    /** The logger every entry is written to. */
    public static final String LOGGER = "plinth.audit";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final AuditEntry[] ring;
    private final List<AuditListener> listeners = new CopyOnWriteArrayList<>();
    private long recorded;

    /** A log that keeps the last {@value #DEFAULT_CAPACITY} entries. */
    public AuditLog() {
        this(DEFAULT_CAPACITY);
    }

    /** A log that keeps the last {@code capacity} entries. */
    public AuditLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("audit log capacity must be at least 1, was " + capacity);
        }
        this.ring = new AuditEntry[capacity];
    }

    /** Keeps the entry, logs it at WARN and tells the listeners. */
    public void record(AuditEntry entry) {
        Objects.requireNonNull(entry, "entry");
        synchronized (ring) {
            ring[(int) (recorded % ring.length)] = entry;
            recorded++;
        }
        LOG.warn("audit: {}", entry.describe());
        for (AuditListener listener : listeners) {
            try {
                listener.onAudit(entry);
            } catch (RuntimeException e) {
                LOG.error("audit listener {} failed; ignored", listener, e);
            }
        }
    }

    /** The last {@code n} entries (fewer if fewer are kept), oldest first. */
    public List<AuditEntry> recent(int n) {
        requireNonNegative(n);
        synchronized (ring) {
            int kept = size();
            int count = Math.min(n, kept);
            List<AuditEntry> out = new ArrayList<>(count);
            for (long i = recorded - count; i < recorded; i++) {
                out.add(ring[(int) (i % ring.length)]);
            }
            return Collections.unmodifiableList(out);
        }
    }

    /** The last {@code n} entries about {@code plugin} among those kept, oldest first. */
    public List<AuditEntry> recent(String plugin, int n) {
        Objects.requireNonNull(plugin, "plugin");
        requireNonNegative(n);
        List<AuditEntry> out = new ArrayList<>();
        synchronized (ring) {
            for (long i = recorded - 1; i >= recorded - size() && out.size() < n; i--) {
                AuditEntry entry = ring[(int) (i % ring.length)];
                if (entry.plugin().equals(plugin)) {
                    out.add(entry);
                }
            }
        }
        Collections.reverse(out);
        return Collections.unmodifiableList(out);
    }

    /** Entries kept now: at most the capacity. */
    public int size() {
        synchronized (ring) {
            return (int) Math.min(recorded, ring.length);
        }
    }

    /** How many entries the log keeps at most. */
    public int capacity() {
        return ring.length;
    }

    /** Entries recorded since the log was made, including those no longer kept. */
    public long totalRecorded() {
        synchronized (ring) {
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
