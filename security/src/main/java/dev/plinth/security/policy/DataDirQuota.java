package dev.plinth.security.policy;

import dev.plinth.api.unit.DataSize;

/**
 * How much a plugin's data directory may hold: bytes of its files in all (what is there when it is
 * mounted counts) and how many files and directories. Granted by the operator ({@code data-dir},
 * {@code data-dir-files}); a manifest asks for the bytes ({@code data-dir = "64MB"}).
 *
 * @param bytes the most bytes its regular files may hold together
 * @param files the most files and directories it may hold
 */
public record DataDirQuota(long bytes, long files) {
    /** The file count granted when the operator gives none. */
    public static final long DEFAULT_FILES = 10_000;

    public DataDirQuota {
        if (bytes <= 0) {
            throw new IllegalArgumentException("data-dir must be more than 0 bytes, was " + bytes);
        }
        if (files <= 0) {
            throw new IllegalArgumentException("data-dir-files must be positive, was " + files);
        }
    }

    /** The same number of files, at most {@code most} bytes. */
    public DataDirQuota cappedAt(long most) {
        return bytes <= most ? this : new DataDirQuota(most, files);
    }

    @Override
    public String toString() {
        return DataSize.ofBytes(bytes) + " in at most " + files + " files";
    }
}
