package dev.plinth.sandbox.net;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The head of one HTTP/1.1 request as it goes on the wire: the request line in origin form
 * ({@code GET /data.txt?x=1 HTTP/1.1}, RFC 9112 section 3.2.1), {@code Host} from the URL, the
 * plugin's headers, {@code Content-Length} and {@code Connection: close}. A header name that is
 * not a token, or a value with a line break or another control character, fails the request:
 * nothing a plugin writes can add a header or a second request.
 */
final class RequestHead {
    /** Sent when the plugin sets no {@code User-Agent}, as Extism's HTTP client sends its own. */
    static final String USER_AGENT = "Plinth";

    private static final String TOKEN_CHARS = "!#$%&'*+-.^_`|~";

    private RequestHead() {
    }

    /**
     * The bytes of the head.
     *
     * @param headers the plugin's headers, already without the ones the gateway manages
     * @param bodyLength the body's length; a {@code Content-Length} is sent when there is a body,
     *     and for POST, PUT and PATCH also when it is empty
     * @throws HttpRequestFailedException naming the header that cannot be sent
     */
    static byte[] encode(String method, URI uri, Map<String, String> headers, int bodyLength, String what) {
        StringBuilder head = new StringBuilder(256);
        head.append(method).append(' ').append(originForm(uri, what)).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(hostHeader(uri)).append("\r\n");
        boolean userAgent = false;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String name = h.getKey();
            String value = h.getValue() == null ? "" : h.getValue();
            if (!isToken(name)) {
                throw new HttpRequestFailedException(what + ": header \"" + clip(name) + "\" is not valid: a header"
                        + " name is letters, digits and !#$%&'*+-.^_`|~");
            }
            String problem = valueProblem(value);
            if (problem != null) {
                throw new HttpRequestFailedException(what + ": header \"" + clip(name) + "\" is not valid: its value "
                        + problem);
            }
            userAgent |= name.equalsIgnoreCase("user-agent");
            head.append(name).append(": ").append(value.strip()).append("\r\n");
        }
        if (!userAgent) {
            head.append("User-Agent: ").append(USER_AGENT).append("\r\n");
        }
        if (bodyLength > 0 || method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            head.append("Content-Length: ").append(bodyLength).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The path and query, percent-encoded ASCII; {@code /} for an empty path; no fragment. */
    static String originForm(URI uri, String what) {
        URI ascii = URI.create(uri.toASCIIString());
        String path = ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
        String target = ascii.getRawQuery() == null ? path : path + "?" + ascii.getRawQuery();
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new HttpRequestFailedException(what + ": the URL's path holds a character that cannot be sent");
            }
        }
        return target;
    }

    /** {@code host} or {@code host:port} as the URL names them (an IPv6 address in brackets). */
    static String hostHeader(URI uri) {
        String host = URI.create(uri.toASCIIString()).getHost();
        return uri.getPort() < 0 ? host : host + ":" + uri.getPort();
    }

    static boolean isToken(String name) {
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
