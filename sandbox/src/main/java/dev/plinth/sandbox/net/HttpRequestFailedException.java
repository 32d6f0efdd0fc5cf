package dev.plinth.sandbox.net;

/**
 * A plugin HTTP request that the policy allowed but that could not be carried out: a malformed
 * URL, method or header, a host that does not resolve, a refused connection, too many redirects.
 * Refusals by policy, timeouts and oversized responses are the typed {@code PluginException}s
 * instead.
 */
public class HttpRequestFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HttpRequestFailedException(String message) {
        super(message);
    }

    public HttpRequestFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
