package dev.plinth.api;

/**
 * How much a plugin may write into its writable mounts: bytes per call and bytes in all since the
 * version was loaded (what its files grew by: writing, extending and allocating count; truncating
 * and removing files it wrote give room back). A write over either is refused with
 * {@code permission-denied} and audited, and the call goes on with the error WASI reports.
 *
 * @param perCall bytes one call may write
 * @param total bytes the version's files may grow by in all
 */
public record WriteQuota(long perCall, long total) {
    /** 64 MiB per call, 1 GiB in all. */
    public static final WriteQuota DEFAULTS = new WriteQuota(64L << 20, 1L << 30);

    public WriteQuota {
        Limits.requirePositive("perCall", perCall);
        Limits.requirePositive("total", total);
    }
}
