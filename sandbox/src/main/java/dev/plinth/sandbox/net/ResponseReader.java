package dev.plinth.sandbox.net;

import dev.plinth.api.error.PayloadTooLargeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one HTTP/1.1 response from a connection that the gateway closes afterwards: the status
 * line and headers (at most {@value #MAX_HEAD} bytes and {@value #MAX_HEADERS} fields), interim
 * {@code 1xx} responses skipped, then the body framed as RFC 9112 section 6.3 says: none for HEAD,
 * 204 and 304; {@code chunked}; {@code Content-Length}; or up to the end of the connection. The
 * body is read no further than the cap: an announced length above it fails at once, a body that
 * grows past it fails as soon as it does. Conflicting lengths, a body cut short and a head that is
 * not HTTP/1.x fail the request.
 */
final class ResponseReader {
    static final int MAX_HEAD = 64 * 1024;
    static final int MAX_HEADERS = 256;
    private static final int MAX_INTERIM = 16;
    private static final int MAX_CHUNK_LINE = 1024;

    private final InputStream in;
    private final long cap;
    private final String what;
    private int headBytes;

    /**
     * @param in the connection's input, buffered
     * @param cap the largest body accepted
     * @param what the request, for messages ({@code GET http://...})
     */
    ResponseReader(InputStream in, long cap, String what) {
        this.in = in;
        this.cap = cap;
        this.what = what;
    }

    /** A response as read: status, headers by lower-case name in arrival order, body. */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {
        String first(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** Reads the response to a request with {@code method}. */
    Response read(String method) throws IOException {
        for (int interim = 0; ; interim++) {
            headBytes = 0;
            int status = statusLine();
            Map<String, List<String>> headers = headers();
            if (status == 101) {
                throw new MalformedResponseException("the server switched protocols (101), which was not asked for");
            }
            if (status >= 100 && status < 200) {
                if (interim == MAX_INTERIM) {
                    throw new MalformedResponseException("more than " + MAX_INTERIM + " interim (1xx) responses");
                }
                continue;
            }
            boolean noBody = method.equals("HEAD") || status == 204 || status == 304;
            return new Response(status, headers, noBody ? new byte[0] : body(headers));
        }
    }

    private int statusLine() throws IOException {
        String line = line("status line");
        if (line == null) {
            throw new MalformedResponseException("the server closed the connection without a response");
        }
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' '
                || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw new MalformedResponseException("the response does not start with an HTTP/1.x status line");
        }
        String code = line.substring(9, 12);
        if (!code.chars().allMatch(c -> c >= '0' && c <= '9') || code.charAt(0) == '0') {
            throw new MalformedResponseException("the status code \"" + code + "\" is not a number of three digits");
        }
        return Integer.parseInt(code);
    }

    private Map<String, List<String>> headers() throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int count = 0;
        String lastName = null;
        while (true) {
            String line = line("header");
            if (line == null) {
                throw new MalformedResponseException("the connection ended inside the response head");
            }
            if (line.isEmpty()) {
                return headers;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && lastName != null) {
                List<String> values = headers.get(lastName);
                values.set(values.size() - 1, values.get(values.size() - 1) + " " + line.strip());
                continue;
            }
            if (++count > MAX_HEADERS) {
                throw new MalformedResponseException("the response has more than " + MAX_HEADERS + " header fields");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !RequestHead.isToken(line.substring(0, colon))) {
                throw new MalformedResponseException("the response has a malformed header line");
            }
            lastName = line.substring(0, colon).toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(lastName, k -> new ArrayList<>()).add(line.substring(colon + 1).strip());
        }
    }

    private byte[] body(Map<String, List<String>> headers) throws IOException {
        List<String> codings = headers.get("transfer-encoding");
        if (codings != null) {
            String all = String.join(",", codings).toLowerCase(Locale.ROOT);
            String[] list = all.split(",");
            // RFC 9112 6.3: with a transfer coding the length is ignored; not chunked last: read to the end
            return list[list.length - 1].strip().equals("chunked") ? chunked() : toEnd();
        }
        List<String> lengths = headers.get("content-length");
        if (lengths == null) {
            return toEnd();
        }
        return exactly(contentLength(lengths));
    }

    private long contentLength(List<String> values) throws MalformedResponseException {
        long length = -1;
        for (String value : values) {
            for (String part : value.split(",")) {
                String p = part.strip();
                if (p.isEmpty() || p.length() > 18 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new MalformedResponseException("the response's Content-Length is not a number");
                }
                long n = Long.parseLong(p);
                if (length >= 0 && n != length) {
                    throw new MalformedResponseException("the response has conflicting Content-Length values");
                }
                length = n;
            }
        }
        return length;
    }

    private byte[] exactly(long length) throws IOException {
        if (length > cap) {
            throw tooLarge(length + " bytes announced");
        }
        byte[] body = new byte[(int) length];
        int filled = 0;
        while (filled < body.length) {
            int n = in.read(body, filled, body.length - filled);
            if (n < 0) {
                throw new MalformedResponseException("the response body ended after " + filled + " of the " + length
                        + " bytes announced");
            }
            filled += n;
        }
        return body;
    }

    private byte[] toEnd() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
            if (total > cap) {
                throw tooLarge("more than " + cap + " bytes received");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        while (true) {
            long size = chunkSize();
            if (size == 0) {
                trailers();
                return out.toByteArray();
            }
            if (total + size > cap) {
                throw tooLarge("more than " + cap + " bytes received");
            }
            total += size;
            long left = size;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new MalformedResponseException("the response body ended inside a chunk");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
            if (in.read() != '\r' || in.read() != '\n') {
                throw new MalformedResponseException("a chunk of the response body does not end with CRLF");
            }
        }
    }

    private long chunkSize() throws IOException {
        String line = boundedLine(MAX_CHUNK_LINE, "chunk size");
        if (line == null) {
            throw new MalformedResponseException("the response body ended before its last chunk");
        }
        int semicolon = line.indexOf(';');
        String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
        if (hex.isEmpty() || hex.length() > 15 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new MalformedResponseException("the response has a malformed chunk size");
        }
        return Long.parseLong(hex, 16);
    }

    private void trailers() throws IOException {
        headBytes = 0;
        for (int count = 0; ; count++) {
            String line = line("trailer");
            if (line == null || line.isEmpty()) {
                return;
            }
            if (count == MAX_HEADERS) {
                throw new MalformedResponseException("the response has more than " + MAX_HEADERS + " trailer fields");
            }
        }
    }

    /** A line of the head, counted against {@link #MAX_HEAD}; {@code null} at the end of the stream. */
    private String line(String part) throws IOException {
        String line = boundedLine(MAX_HEAD - headBytes, part);
        if (line != null) {
            headBytes += line.length() + 2;
        }
        return line;
    }

    /** Reads up to LF (CR before it dropped), at most {@code max} bytes; {@code null} at a clean end. */
    private String boundedLine(int max, String part) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (line.size() == 0) {
                    return null;
                }
                throw new MalformedResponseException("the connection ended inside a " + part + " line");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= max) {
                throw new MalformedResponseException(part.equals("chunk size") ? "a chunk-size line of the response"
                        + " is longer than " + MAX_CHUNK_LINE + " bytes" : "the response head is larger than "
                        + MAX_HEAD + " bytes");
            }
            line.write(b);
        }
    }

    private PayloadTooLargeException tooLarge(String detail) {
        return new PayloadTooLargeException("the response to " + what + " is larger than the limit of " + cap
                + " bytes (max-http-response-bytes): " + detail + "; the transfer was aborted");
    }

    /** The server's answer is not a well-formed HTTP/1.1 response. */
    static final class MalformedResponseException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedResponseException(String message) {
            super(message);
        }
    }
}
