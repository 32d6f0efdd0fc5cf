package dev.plinth.security.policy;

import dev.plinth.api.manifest.FsPermission;
import dev.plinth.api.manifest.FsPermission.Access;
import dev.plinth.api.manifest.NetPermission;
import java.util.Optional;

/**
 * How rules cover and intersect each other. The file-system sandbox and the network gateway may
 * use the same answers at run time.
 *
 * <p>File system: a rule covers its path and everything below it ({@code read:/data} covers
 * {@code read:/data/images}, not {@code read:/database}). {@code write} implies {@code read}: a
 * writable directory is readable too, as a read-write mount is. A deny rule {@code read:P} refuses
 * every access under P; a deny rule {@code write:P} refuses writes only.
 *
 * <p>Network: actions must match; a host {@code *} covers every host, {@code *.example.com} covers
 * every name below example.com (not example.com itself); a port {@code *} covers every port.
 * Names and addresses are compared as written: resolving names is the gateway's job.
 */
public final class PermissionMatch {
    private PermissionMatch() {
    }

    /** Whether {@code path} is {@code base} or below it. */
    public static boolean under(String path, String base) {
        return base.equals("/") || path.equals(base) || path.startsWith(base + "/");
    }

    /** Whether granting {@code grant} allows everything {@code asked} asks for. */
    public static boolean covers(FsPermission grant, FsPermission asked) {
        return (grant.access() == Access.WRITE || asked.access() == Access.READ) && under(asked.path(), grant.path());
    }

    /** What both rules allow, if anything: the deeper path, and write only when both write. */
    public static Optional<FsPermission> intersect(FsPermission a, FsPermission b) {
        Access access = a.access() == Access.WRITE && b.access() == Access.WRITE ? Access.WRITE : Access.READ;
        if (under(a.path(), b.path())) {
            return Optional.of(new FsPermission(access, a.path()));
        }
        if (under(b.path(), a.path())) {
            return Optional.of(new FsPermission(access, b.path()));
        }
        return Optional.empty();
    }

    /** Whether the deny rule {@code deny} refuses all of {@code rule}. */
    public static boolean denies(FsPermission deny, FsPermission rule) {
        return under(rule.path(), deny.path()) && (deny.access() == Access.READ || rule.access() == Access.WRITE);
    }

    /** Whether {@code grant}'s host pattern covers every host {@code asked} may name. */
    public static boolean hostCovers(String grant, String asked) {
        if (grant.equals("*") || grant.equals(asked)) {
            return true;
        }
        return grant.startsWith("*.") && !asked.equals("*") && asked.endsWith(grant.substring(1));
    }

    /** Whether {@code grant} allows everything {@code asked} asks for. */
    public static boolean covers(NetPermission grant, NetPermission asked) {
        return grant.action() == asked.action() && hostCovers(grant.host(), asked.host())
                && (grant.port() == NetPermission.ANY_PORT || grant.port() == asked.port());
    }

    /** What both rules allow, if anything. */
    public static Optional<NetPermission> intersect(NetPermission a, NetPermission b) {
        if (a.action() != b.action()) {
            return Optional.empty();
        }
        String host = hostCovers(b.host(), a.host()) ? a.host() : hostCovers(a.host(), b.host()) ? b.host() : null;
        int port;
        if (b.port() == NetPermission.ANY_PORT) {
            port = a.port();
        } else if (a.port() == NetPermission.ANY_PORT || a.port() == b.port()) {
            port = b.port();
        } else {
            return Optional.empty();
        }
        return host == null ? Optional.empty() : Optional.of(new NetPermission(a.action(), host, port));
    }

    /** Whether the deny rule {@code deny} refuses all of {@code rule}. */
    public static boolean denies(NetPermission deny, NetPermission rule) {
        return covers(deny, rule);
    }
}
