package dev.plinth.sandbox.net;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which plugin request headers are sent. Hop-by-hop headers belong to one connection, which the
 * gateway manages, and it writes {@code Host}, {@code Content-Length} and {@code Connection}
 * itself (from the URL and the body), so that a plugin cannot point a pinned connection at another
 * virtual host or frame the body differently; all of these are dropped silently, as are
 * {@code Expect} and {@code Upgrade}, which ask for a protocol the gateway does not speak.
 */
final class RequestHeaders {
    /** Dropped, compared in lower case. */
    static final Set<String> DROPPED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "keep-alive", "proxy-connection", "proxy-authorization", "proxy-authenticate", "te", "trailer",
            "transfer-encoding", "http2-settings");

    /** Sent to the first origin only: dropped when a redirect leads to another scheme, host or port. */
    static final Set<String> CREDENTIALS = Set.of("authorization", "cookie");

    private RequestHeaders() {
    }

    /** The headers that may be sent, names as the plugin wrote them. */
    static Map<String, String> sendable(Map<String, String> headers) {
        Map<String, String> kept = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (!DROPPED.contains(name.toLowerCase(Locale.ROOT))) {
                kept.put(name, value);
            }
        });
        return kept;
    }

    /** Without the headers named in {@code names} (compared in lower case). */
    static Map<String, String> without(Map<String, String> headers, Set<String> names) {
        Map<String, String> kept = new LinkedHashMap<>(headers);
        kept.keySet().removeIf(name -> names.contains(name.toLowerCase(Locale.ROOT)));
        return kept;
    }
}
