package dev.plinth.api.manifest;

import java.util.Objects;

/**
 * A file-system rule such as {@code read:/data/images}: the access and the absolute path it
 * applies to (a directory and everything below it).
 */
public record FsPermission(Access access, String path) {
    /** Read covers listing and reading; write covers creating, changing and removing. */
    public enum Access { READ, WRITE }

    public FsPermission {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(path, "path");
    }

    @Override
    public String toString() {
        return access.name().toLowerCase(java.util.Locale.ROOT) + ":" + path;
    }
}
