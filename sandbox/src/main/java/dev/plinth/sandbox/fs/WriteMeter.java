package dev.plinth.sandbox.fs;

import dev.plinth.api.WriteQuota;
import dev.plinth.api.unit.DataSize;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Counts what one plugin version writes into its writable mounts against its {@link WriteQuota},
 * and refuses what goes over. Shared by every instance of the version (one per {@link FileSandbox}).
 *
 * <p><b>Per call</b>: the bytes a call writes or adds, through any of its descriptors: a write of
 * {@code n} bytes counts {@code n}, or the file's growth if that is more (a write past the end counts
 * the gap it leaves too; extending a file with set-size or allocate counts what it added). A call is
 * what the host marks with {@link CallWrites#reset()}; its writes are counted while the host has
 * {@linkplain CallWrites#enter() entered} its counter on the calling thread (an operation outside any
 * entered counter is counted as a call of its own).
 *
 * <p><b>In all</b>: the net growth of files through this version's jail since it was loaded: every
 * byte a file grows by counts, truncating a file or removing (or replacing by a rename) a file whose
 * only name was in a mount gives back what it frees, never below zero, so removing files that were
 * there before the version loaded buys no room. Directories, names and metadata are not counted.
 *
 * <p>An operation over either quota is refused whole, before anything is written, with a
 * {@link WriteQuotaExceededException} (WASI reports {@code EDQUOT}), and the refusal is reported like
 * the jail's others. Concurrent writers to one file may make the growth count a little high, never
 * low.
 */
public final class WriteMeter {
    private static final long UNLIMITED = Long.MAX_VALUE;

    private final WriteQuota quota;
    private final Consumer<String> refusals;
    private final AtomicLong grown = new AtomicLong();
    private final ThreadLocal<CallWrites> current = new ThreadLocal<>();
    private final String totalReached;

    WriteMeter(WriteQuota quota, Consumer<String> refusals) {
        this.quota = Objects.requireNonNull(quota, "quota");
        this.refusals = Objects.requireNonNull(refusals, "refusals");
        this.totalReached = "write quota of " + DataSize.ofBytes(quota.total())
                + " in all reached (what the plugin's files may grow by)";
    }

    /**
     * A meter of a directory that already holds {@code held} bytes, which count against the total:
     * what a {@link QuotaDirectory} may hold in all. Per call it limits nothing more.
     */
    WriteMeter(long maxBytes, long held, String name, Consumer<String> refusals) {
        this.quota = new WriteQuota(maxBytes, maxBytes);
        this.refusals = Objects.requireNonNull(refusals, "refusals");
        this.totalReached = "quota of " + DataSize.ofBytes(maxBytes) + " of " + name + " reached";
        grown.set(held);
    }

    /** A meter with no quota: it counts, and refuses nothing. */
    static WriteMeter unlimited(Consumer<String> refusals) {
        return new WriteMeter(new WriteQuota(UNLIMITED, UNLIMITED), refusals);
    }

    public WriteQuota quota() {
        return quota;
    }

    /** How many bytes the version's files have grown by, net, since it was loaded. */
    public long grown() {
        return grown.get();
    }

    /** A per-call counter, for one instance (or any other single-threaded caller). */
    public CallWrites newCallCounter() {
        return new CallWrites();
    }

    /** One instance's count of what its current call wrote. Single-threaded, like the instance. */
    public final class CallWrites {
        private long written;

        private CallWrites() {
        }

        /** A new call begins: nothing written yet. */
        public void reset() {
            written = 0;
        }

        /** What the current call has written or added so far. */
        public long written() {
            return written;
        }

        /** Counts the jail's writes on this thread against this counter until the scope is closed. */
        public Scope enter() {
            CallWrites outer = current.get();
            current.set(this);
            return () -> {
                if (outer == null) {
                    current.remove();
                } else {
                    current.set(outer);
                }
            };
        }
    }

    /** An entered {@link CallWrites}; closing it restores what was entered before. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** What {@link #reserve} took, to be {@linkplain #settle settled} once the operation is done. */
    record Reservation(CallWrites call, long charged, long growth) {
    }

    /**
     * Takes room for an operation that writes {@code written} bytes and makes a file grow by
     * {@code growth} bytes, or refuses it.
     *
     * @param where the operation and guest path, for the refusal's message
     * @throws WriteQuotaExceededException when either quota would be exceeded
     */
    Reservation reserve(long written, long growth, String where) {
        CallWrites call = current.get();
        long charge = Math.max(written, growth);
        long used = call == null ? 0 : call.written;
        if (charge > quota.perCall() - used) {
            throw refuse(where + ": write quota of " + DataSize.ofBytes(quota.perCall()) + " per call reached");
        }
        while (true) {
            long now = grown.get();
            if (growth > quota.total() - now) {
                throw refuse(where + ": " + totalReached);
            }
            if (grown.compareAndSet(now, now + growth)) {
                break;
            }
        }
        if (call != null) {
            call.written += charge;
        }
        return new Reservation(call, charge, growth);
    }

    /** Gives back what a reserved operation did not use: it wrote {@code written} and added {@code growth}. */
    void settle(Reservation reservation, long written, long growth) {
        long unusedGrowth = reservation.growth() - Math.min(reservation.growth(), Math.max(0, growth));
        if (unusedGrowth > 0) {
            release(unusedGrowth);
        }
        long unusedCharge = reservation.charged() - Math.min(reservation.charged(), Math.max(written, growth));
        if (reservation.call() != null && unusedCharge > 0) {
            reservation.call().written -= unusedCharge;
        }
    }

    /** Room freed by truncating or removing files: the total shrinks, never below zero. */
    void release(long freed) {
        if (freed > 0) {
            grown.updateAndGet(now -> Math.max(0, now - freed));
        }
    }

    private WriteQuotaExceededException refuse(String message) {
        refusals.accept(message);
        return new WriteQuotaExceededException(message);
    }
}
