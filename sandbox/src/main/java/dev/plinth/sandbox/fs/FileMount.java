package dev.plinth.sandbox.fs;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file-system rule for a plugin: a host directory made visible to the guest ({@link Access#READ}
 * or {@link Access#WRITE}), or a host subtree hidden from it ({@link Access#DENY}, which wins over
 * every grant that contains it).
 *
 * <p>The guest sees a granted directory at {@link #guestPath()}, by default the same path as on the
 * host (grant {@code read:/data/images} and the guest opens {@code /data/images/a.png}), or another
 * one, as Extism's {@code allowed_paths} maps them ({@code /srv/tenant-a/data} seen as
 * {@code /data}). A guest path is a name for the mount's root only: {@code ..} and symbolic links
 * are contained by the host directory whatever the guest path. The guest path of a deny rule is
 * ignored.
 *
 * @param hostPath  the host directory (made absolute and normalized)
 * @param guestPath where the guest sees it (absolute, '/'-separated)
 * @param access    read-only, read-write, or denied
 */
public record FileMount(Path hostPath, String guestPath, Access access) {

    /** What a mount allows. */
    public enum Access {
        /** Read, list and stat; every write is refused. */
        READ,
        /** Read and write, including create, rename, remove and mkdir. */
        WRITE,
        /** Hidden: nothing at or below the path is reachable, even through a grant that contains it. */
        DENY
    }

    public FileMount {
        Objects.requireNonNull(hostPath, "hostPath");
        Objects.requireNonNull(access, "access");
        hostPath = hostPath.toAbsolutePath().normalize();
        if (guestPath == null || guestPath.isBlank()) {
            guestPath = hostPath.toString().replace(hostPath.getFileSystem().getSeparator(), "/");
        }
        if (!guestPath.startsWith("/")) {
            throw new IllegalArgumentException("guest path must be absolute: " + guestPath);
        }
        for (String name : guestPath.split("/")) {
            if (name.equals("..") || name.equals(".")) {
                throw new IllegalArgumentException("guest path must not hold \".\" or \"..\": " + guestPath);
            }
        }
        if (guestPath.contains("//")) {
            throw new IllegalArgumentException("guest path must not hold \"//\": " + guestPath);
        }
        if (guestPath.length() > 1 && guestPath.endsWith("/")) {
            guestPath = guestPath.substring(0, guestPath.length() - 1);
        }
    }

    /** A read-only mount at the same guest path. */
    public static FileMount read(Path hostPath) {
        return new FileMount(hostPath, null, Access.READ);
    }

    /** A read-write mount at the same guest path. */
    public static FileMount write(Path hostPath) {
        return new FileMount(hostPath, null, Access.WRITE);
    }

    /** A deny rule: the subtree is unreachable through every mount. */
    public static FileMount deny(Path hostPath) {
        return new FileMount(hostPath, null, Access.DENY);
    }

    /**
     * Parses the manifest form {@code read:/path}, {@code write:/path} (or {@code deny:/path}).
     *
     * @throws IllegalArgumentException for any other form
     */
    public static FileMount parse(String rule) {
        int colon = rule.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("file rule must be read:PATH or write:PATH: " + rule);
        }
        String kind = rule.substring(0, colon).trim();
        Path path = Path.of(rule.substring(colon + 1).trim());
        switch (kind) {
            case "read":
                return read(path);
            case "write":
                return write(path);
            case "deny":
                return deny(path);
            default:
                throw new IllegalArgumentException("file rule must be read:PATH or write:PATH: " + rule);
        }
    }

    /**
     * The mount an effective {@code read:}/{@code write:} rule grants: its host directory, seen by
     * the guest at the rule's path ({@code read:/srv/tenant-a/data:/data}: {@code /srv/tenant-a/data}
     * at {@code /data}).
     */
    public static FileMount of(dev.plinth.api.manifest.FsPermission permission) {
        Access access = permission.access() == dev.plinth.api.manifest.FsPermission.Access.WRITE ? Access.WRITE
                : Access.READ;
        return new FileMount(Path.of(permission.hostPath()), permission.path(), access);
    }

    /** True unless this is a deny rule. */
    public boolean grants() {
        return access != Access.DENY;
    }
}
