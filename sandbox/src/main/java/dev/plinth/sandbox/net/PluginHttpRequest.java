package dev.plinth.sandbox.net;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP request as a plugin asks for it (Extism's {@code {"url", "method", "headers"}} plus the
 * body block).
 *
 * @param method the method, any case; {@link HttpGateway} accepts GET, POST, PUT, PATCH, DELETE, HEAD
 * @param url an absolute http or https URL
 * @param headers request headers; hop-by-hop ones and those the gateway writes itself are dropped when sent
 * @param body the body, empty for none
 */
public record PluginHttpRequest(String method, String url, Map<String, String> headers, byte[] body) {
    public PluginHttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        body = body == null ? new byte[0] : body.clone();
    }

    /** A GET without headers or body. */
    public static PluginHttpRequest get(String url) {
        return new PluginHttpRequest("GET", url, Map.of(), new byte[0]);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body's length without copying it. */
    public int bodyLength() {
        return body.length;
    }

    byte[] bodyUnsafe() {
        return body;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PluginHttpRequest r && method.equals(r.method) && url.equals(r.url)
                && headers.equals(r.headers) && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, url, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "PluginHttpRequest[" + method + " " + url + ", headers=" + headers.keySet() + ", body=" + body.length
                + " bytes]";
    }
}
