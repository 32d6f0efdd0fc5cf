package dev.plinth.sandbox.fs;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A writable directory of a plugin's own (its data directory), mounted at a guest path with its
 * own quotas: the bytes its regular files hold in all and the number of its files and directories,
 * both counting what is there when it is mounted, so data kept from an earlier version counts.
 * Writes into it count against these quotas instead of the version's
 * {@link dev.plinth.api.WriteQuota}.
 *
 * @param hostPath the host directory, which must exist
 * @param guestPath where the guest sees it
 * @param maxBytes the most bytes its files may hold
 * @param maxEntries the most files and directories it may hold
 * @param name what refusals call it, e.g. {@code the data directory}
 */
public record QuotaDirectory(Path hostPath, String guestPath, long maxBytes, long maxEntries, String name) {
    public QuotaDirectory {
        Objects.requireNonNull(hostPath, "hostPath");
        Objects.requireNonNull(guestPath, "guestPath");
        Objects.requireNonNull(name, "name");
        if (maxBytes <= 0 || maxEntries <= 0) {
            throw new IllegalArgumentException("quotas must be positive: " + maxBytes + " bytes, " + maxEntries
                    + " entries");
        }
    }

    /** Its mount: read-write at {@link #guestPath()}. */
    public FileMount mount() {
        return new FileMount(hostPath, guestPath, FileMount.Access.WRITE);
    }
}
