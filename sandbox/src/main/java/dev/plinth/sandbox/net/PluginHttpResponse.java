package dev.plinth.sandbox.net;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The response that {@link HttpGateway} hands back to a plugin, after any redirects.
 *
 * @param status the status code of the last hop
 * @param headers response headers with lower-case names (sorted); repeated headers joined with ", "
 * @param body the body, at most the gateway's {@link HttpLimits#maxResponseBytes} bytes
 */
public record PluginHttpResponse(int status, Map<String, String> headers, byte[] body) {
    public PluginHttpResponse {
        headers = Collections.unmodifiableMap(new TreeMap<>(headers));
        Objects.requireNonNull(body, "body");
    }

    /** The body, not copied: the record is handed from the gateway to the ABI only. */
    @Override
    public byte[] body() {
        return body;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PluginHttpResponse r && status == r.status && headers.equals(r.headers)
                && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "PluginHttpResponse[" + status + ", headers=" + headers + ", body=" + body.length + " bytes]";
    }
}
