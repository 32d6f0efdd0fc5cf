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
 * The rest are {@linkplain #check checked} before anything is sent: a name that is not a token, or
 * a value with a line break or another control character, fails the request, so nothing a plugin
 * writes can add a header or a second request.
 */
final class RequestHeaders {
    /** Dropped, compared in lower case. */
    static final Set<String> DROPPED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "keep-alive", "proxy-connection", "proxy-authorization", "proxy-authenticate", "te", "trailer",
            "transfer-encoding", "http2-settings");

    /** Sent to the first origin only: dropped when a redirect leads to another scheme, host or port. */
    static final Set<String> CREDENTIALS = Set.of("authorization", "cookie");

    private static final String TOKEN_CHARS = "!#$%&'*+-.^_`|~";

    private RequestHeaders() {
    }

    /**
     * Checks that every header can be sent as written.
     *
     * @param what the request, for messages ({@code GET http://...})
     * @throws HttpRequestFailedException naming the header that cannot be sent
     */
    static void check(Map<String, String> headers, String what) {
        headers.forEach((name, value) -> {
            if (!isToken(name)) {
                throw new HttpRequestFailedException(what + ": header \"" + clip(name) + "\" is not valid: a header"
                        + " name is letters, digits and !#$%&'*+-.^_`|~");
            }
            String problem = valueProblem(value == null ? "" : value);
            if (problem != null) {
                throw new HttpRequestFailedException(what + ": header \"" + clip(name) + "\" is not valid: its value "
                        + problem);
            }
        });
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

    private static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && TOKEN_CHARS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Why a value cannot be sent, or {@code null}: visible characters, spaces and tabs only. */
    private static String valueProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                return "holds a line break";
            }
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return "holds a control character";
            }
            if (c > 0xff) {
                return "holds a character outside ISO-8859-1";
            }
        }
        return null;
    }

    private static String clip(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }
}
