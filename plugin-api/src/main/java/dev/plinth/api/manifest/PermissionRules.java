package dev.plinth.api.manifest;

import dev.plinth.api.host.HostFunctionName;
import dev.plinth.api.unit.Quoting;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses the text of single permission rules: {@code read:/data}, {@code connect:host:443},
 * host-function names. Failures are {@link IllegalArgumentException}s whose message reads after
 * "key: " and shows the accepted forms.
 *
 * <p>Public so that policy files and the CLI's {@code --grant} read rules exactly as manifests do.
 */
public final class PermissionRules {
    private static final String FS_FORMS = "use \"read:/absolute/path\" or \"write:/absolute/path\" (the operator"
            + " may map a host directory onto another guest path: \"read:/srv/tenant-a/data:/data\")";
    private static final String NET_FORMS = "use \"connect:host:port\", \"connect:host:*\", "
            + "\"connect:*.example.com:443\" (a glob: *, ?, [a-z]), \"connect:[::1]:80\", \"listen:host:port\" or"
            + " \"listen:*\"";
    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9a-f]{1,4}");

    private PermissionRules() {
    }

    /**
     * {@code read:/abs/path} or {@code write:/abs/path}, or a mapped rule
     * {@code read:/host/dir:/guest/dir} (host directory, then the path the plugin sees it at, as
     * Extism's {@code allowed_paths} maps them); paths come back normalized. A mapped rule is
     * told apart by the first {@code ":/"} after the access, so a host path holding {@code ":/"}
     * cannot be written unmapped.
     */
    public static FsPermission fs(String rule) {
        int colon = rule.indexOf(':');
        FsPermission.Access access = colon < 0 ? null : switch (rule.substring(0, colon)) {
            case "read" -> FsPermission.Access.READ;
            case "write" -> FsPermission.Access.WRITE;
            default -> null;
        };
        if (access == null) {
            throw new IllegalArgumentException(Quoting.quote(rule) + " is not a file-system rule; " + FS_FORMS);
        }
        String rest = rule.substring(colon + 1);
        if (!rest.startsWith("/")) {
            throw new IllegalArgumentException(Quoting.quote(rule) + " is not a file-system rule: the path must be"
                    + " absolute (start with '/'); " + FS_FORMS);
        }
        int map = rest.indexOf(":/");
        if (map < 0) {
            return new FsPermission(access, normalizePath(rule, rest));
        }
        String host = normalizePath(rule, rest.substring(0, map));
        String guest = normalizePath(rule, rest.substring(map + 1));
        return new FsPermission(access, guest, host);
    }

    /**
     * A rule as a manifest asks for it, or as a deny rule names it: {@link #fs} without a mapping.
     * A plugin names the paths it sees, and deny rules name host paths; only the operator's grant
     * maps one onto the other.
     *
     * @param where what the rule is, for the message ("a plugin's ask", "a deny rule")
     */
    public static FsPermission unmappedFs(String rule, String where) {
        FsPermission p = fs(rule);
        if (p.mapped()) {
            throw new IllegalArgumentException(Quoting.quote(rule) + " maps a host directory onto another guest path,"
                    + " which " + where + " cannot do: only the operator's grant maps paths (a policy's fs grant or"
                    + " --grant fs=...); write \"" + p.access().name().toLowerCase(Locale.ROOT) + ":" + p.path() + "\"");
        }
        return p;
    }

    private static String normalizePath(String rule, String path) {
        List<String> kept = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                throw new IllegalArgumentException(Quoting.quote(rule) + " is not a file-system rule: the path must not"
                        + " contain \"..\"; " + FS_FORMS);
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (c < 0x20 || c == 0x7f) {
                    throw new IllegalArgumentException(Quoting.quote(rule) + " is not a file-system rule: the path"
                            + " contains a control character");
                }
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                kept.add(segment);
            }
        }
        return "/" + String.join("/", kept);
    }

    /** A network rule; host names come back in lower case, IPv6 addresses in brackets. */
    public static NetPermission net(String rule) {
        int colon = rule.indexOf(':');
        String verb = colon < 0 ? "" : rule.substring(0, colon);
        NetPermission.Action action = switch (verb) {
            case "connect" -> NetPermission.Action.CONNECT;
            case "listen" -> NetPermission.Action.LISTEN;
            default -> throw new IllegalArgumentException(Quoting.quote(rule) + " is not a network rule; " + NET_FORMS);
        };
        String rest = rule.substring(colon + 1);
        if (rest.contains("://")) {
            throw bad(rule, "a rule names a host and a port, not a URL: write \"" + verb + ":api.example.com:443\"");
        }
        if (action == NetPermission.Action.LISTEN && rest.equals("*")) {
            return new NetPermission(action, "*", NetPermission.ANY_PORT);
        }
        String host;
        String port;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
                throw bad(rule, "an IPv6 address in brackets must be followed by \":port\"");
            }
            host = rest.substring(0, close + 1);
            port = rest.substring(close + 2);
        } else {
            int last = rest.lastIndexOf(':');
            if (last < 0) {
                throw bad(rule, "the port is missing (a number or *)");
            }
            host = rest.substring(0, last);
            port = rest.substring(last + 1);
            if (host.contains(":")) {
                throw bad(rule, "the host holds a ':' (a rule has one port, at the end); put IPv6 addresses in"
                        + " brackets, e.g. \"connect:[::1]:80\"");
            }
        }
        return new NetPermission(action, host(rule, host), port(rule, port));
    }

    private static String host(String rule, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("*")) {
            return h;
        }
        if (h.startsWith("[") && h.endsWith("]") && h.indexOf(':') >= 0) {
            if (!isIpv6(h.substring(1, h.length() - 1))) {
                throw bad(rule, Quoting.quote(host) + " is not an IPv6 address");
            }
            return h;
        }
        try {
            return HostGlob.parse(h).text();
        } catch (IllegalArgumentException e) {
            throw bad(rule, e.getMessage());
        }
    }

    private static int port(String rule, String port) {
        if (port.equals("*")) {
            return NetPermission.ANY_PORT;
        }
        if (!port.matches("[1-9][0-9]{0,4}")) {
            throw bad(rule, Quoting.quote(port) + " is not a port (1-65535 or *)");
        }
        int p = Integer.parseInt(port);
        if (p > 65535) {
            throw bad(rule, "port " + p + " is out of range (1-65535 or *)");
        }
        return p;
    }

    private static IllegalArgumentException bad(String rule, String problem) {
        return new IllegalArgumentException(Quoting.quote(rule) + " is not a network rule: " + problem + "; " + NET_FORMS);
    }

    /** A DNS name or a dotted IPv4 address (in lower case). */
    static boolean isHostName(String h) {
        if (h.isEmpty() || h.length() > 253) {
            return false;
        }
        String[] labels = h.split("\\.", -1);
        boolean numeric = true;
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
            numeric &= label.chars().allMatch(Character::isDigit);
        }
        return !numeric || isIpv4(h);
    }

    static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (!p.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv6(String s) {
        if (s.isEmpty() || s.length() > 45) {
            return false;
        }
        String body = s;
        int lastColon = s.lastIndexOf(':');
        if (lastColon < 0) {
            return false;
        }
        if (s.indexOf('.', lastColon) >= 0) {
            if (!isIpv4(s.substring(lastColon + 1))) {
                return false;
            }
            body = s.substring(0, lastColon + 1) + "0:0";
        }
        int gap = body.indexOf("::");
        if (gap < 0) {
            return groups(body) == 8;
        }
        if (body.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        int left = gap == 0 ? 0 : groups(body.substring(0, gap));
        int right = gap + 2 == body.length() ? 0 : groups(body.substring(gap + 2));
        return left >= 0 && right >= 0 && left + right <= 7;
    }

    /** How many valid hex groups {@code s} holds, or -1 when one is not valid. */
    private static int groups(String s) {
        String[] parts = s.split(":", -1);
        for (String p : parts) {
            if (!HEX_GROUP.matcher(p).matches()) {
                return -1;
            }
        }
        return parts.length;
    }

    /**
     * A host function as asked for and granted: {@code "name"} in {@code extism:host/user}, or
     * {@code "namespace::name"} in any other import module ({@link HostFunctionName#parse}). Returns
     * its {@link HostFunctionName#key}, what grants are matched on, so that
     * {@code "extism:host/user::lookup-price"} and {@code "lookup-price"} are one function.
     */
    public static String hostFunction(String name) {
        try {
            return HostFunctionName.parse(name).key();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Quoting.quote(name) + " is not a host-function name: " + e.getMessage()
                    + "; write \"name\" for extism:host/user or \"namespace::name\", e.g. \"host::hostGreenMessage\"");
        }
    }
}
