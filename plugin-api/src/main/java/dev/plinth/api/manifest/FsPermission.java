package dev.plinth.api.manifest;

import java.util.Objects;

/**
 * A file-system rule such as {@code read:/data/images}: the access and the absolute path it
 * applies to (a directory and everything below it), as the plugin sees it. An operator's grant may
 * map a host directory onto another guest path, as Extism's {@code allowed_paths} does:
 * {@code read:/srv/tenant-a/data:/data} lets the plugin see {@code /srv/tenant-a/data} as
 * {@code /data}; {@link #hostPath} is then the directory on the host, otherwise the same as
 * {@link #path}.
 *
 * @param access read, or read and write
 * @param path the path the plugin sees (absolute, normalized)
 * @param hostPath where that path is on the host ({@code null}: the same as {@code path})
 */
public record FsPermission(Access access, String path, String hostPath) {
    /** Read covers listing and reading; write covers creating, changing and removing. */
    public enum Access { READ, WRITE }

    public FsPermission {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(path, "path");
        hostPath = hostPath == null ? path : hostPath;
    }

    /** A rule whose guest path is its host path. */
    public FsPermission(Access access, String path) {
        this(access, path, path);
    }

    /** Whether the plugin sees the host directory at another path. */
    public boolean mapped() {
        return !hostPath.equals(path);
    }

    /** The same mapping with another access. */
    public FsPermission withAccess(Access other) {
        return new FsPermission(other, path, hostPath);
    }

    /** {@code read:/data}, or {@code read:/srv/tenant-a/data:/data} for a mapped rule (host, then guest). */
    @Override
    public String toString() {
        String verb = access.name().toLowerCase(java.util.Locale.ROOT);
        return mapped() ? verb + ":" + hostPath + ":" + path : verb + ":" + path;
    }
}
