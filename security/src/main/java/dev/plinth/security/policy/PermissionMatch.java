package dev.plinth.security.policy;

import dev.plinth.api.manifest.FsPermission;
import dev.plinth.api.manifest.FsPermission.Access;
import dev.plinth.api.manifest.HostGlob;
import dev.plinth.api.manifest.NetPermission;
import java.util.Optional;

/**
 * How rules cover and intersect each other. The file-system sandbox and the network gateway may
 * use the same answers at run time.
 *
 * <p>File system: a rule covers its path and everything below it ({@code read:/data} covers
 * {@code read:/data/images}, not {@code read:/database}), compared as the plugin sees paths; a
 * grant that maps a host directory onto a guest path ({@code read:/srv/t/data:/data}) places what
 * it covers on that directory. {@code write} implies {@code read}: a writable directory is
 * readable too, as a read-write mount is. A deny rule {@code read:P} refuses every access under P;
 * a deny rule {@code write:P} refuses writes only; the operator's deny rules name host paths, a
 * manifest's own name the paths the plugin sees.
 *
 * <p>Network: actions must match; a host {@code *} covers every host; a glob covers what it matches
 * ({@code *.example.com} covers every name below example.com, not example.com itself, and
 * {@code *.example.com} covers {@code api-?.example.com}); a port {@code *} covers every port.
 * Names and addresses are compared as written: resolving names is the gateway's job.
 */
public final class PermissionMatch {
    private PermissionMatch() {
    }

    /** Whether {@code path} is {@code base} or below it. */
    public static boolean under(String path, String base) {
        return base.equals("/") || path.equals(base) || path.startsWith(base + "/");
    }

    /**
     * {@code path}, which is {@code base} or below it, moved from {@code base} to {@code newBase}:
     * {@code rebase("/data/x", "/data", "/srv/t/data")} is {@code /srv/t/data/x}.
     */
    public static String rebase(String path, String base, String newBase) {
        if (path.equals(base)) {
            return newBase;
        }
        String rest = base.equals("/") ? path.substring(1) : path.substring(base.length() + 1);
        return newBase.equals("/") ? "/" + rest : newBase + "/" + rest;
    }

    /**
     * Whether granting {@code grant} allows everything {@code asked} asks for: the access, and the
     * path as the plugin sees it ({@link FsPermission#path}).
     */
    public static boolean covers(FsPermission grant, FsPermission asked) {
        return (grant.access() == Access.WRITE || asked.access() == Access.READ) && under(asked.path(), grant.path());
    }

    /**
     * {@code asked} as {@code grant} provides it: the same access and guest path, on the host
     * directory that {@code grant} maps that guest path to. Only for an ask that {@code grant}
     * {@link #covers(FsPermission, FsPermission) covers}.
     */
    public static FsPermission placed(FsPermission grant, FsPermission asked) {
        return new FsPermission(asked.access(), asked.path(), rebase(asked.path(), grant.path(), grant.hostPath()));
    }

    /**
     * What an ask and a grant both allow, if anything, placed on the grant's host directory: the
     * deeper guest path, and write only when both write.
     */
    public static Optional<FsPermission> intersect(FsPermission asked, FsPermission grant) {
        Access access = asked.access() == Access.WRITE && grant.access() == Access.WRITE ? Access.WRITE : Access.READ;
        if (under(asked.path(), grant.path())) {
            return Optional.of(placed(grant, asked).withAccess(access));
        }
        if (under(grant.path(), asked.path())) {
            return Optional.of(grant.withAccess(access));
        }
        return Optional.empty();
    }

    /**
     * Whether the operator's deny rule {@code deny} (a host path) refuses all of {@code rule}: it
     * holds the host directory that {@code rule} reaches.
     */
    public static boolean denies(FsPermission deny, FsPermission rule) {
        return under(rule.hostPath(), deny.path()) && (deny.access() == Access.READ || rule.access() == Access.WRITE);
    }

    /**
     * Whether a manifest's own deny rule {@code deny} (a path as the plugin sees it) refuses all of
     * {@code rule}.
     */
    public static boolean deniesSeen(FsPermission deny, FsPermission rule) {
        return under(rule.path(), deny.path()) && (deny.access() == Access.READ || rule.access() == Access.WRITE);
    }

    /**
     * Whether {@code grant}'s host pattern covers every host {@code asked} may name: {@code *}
     * covers all; an IPv6 literal only itself; otherwise {@link HostGlob#covers}, which is safe
     * (it never says yes for an ask that reaches a host the grant does not).
     */
    public static boolean hostCovers(String grant, String asked) {
        if (grant.equals("*") || grant.equals(asked)) {
            return true;
        }
        if (asked.equals("*") || isIpv6(grant) || isIpv6(asked)) {
            return false;
        }
        try {
            return HostGlob.parse(grant).covers(HostGlob.parse(asked));
        } catch (IllegalArgumentException e) {
            return false; // a rule made without PermissionRules: only equal text covers it
        }
    }

    private static boolean isIpv6(String host) {
        return host.startsWith("[") && host.indexOf(':') >= 0;
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
