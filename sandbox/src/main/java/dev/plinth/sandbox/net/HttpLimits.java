package dev.plinth.sandbox.net;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on one plugin HTTP request made through {@link HttpGateway}.
 *
 * @param timeout how long the whole request may take: every redirect hop, and reading the body
 * @param maxResponseBytes the largest response body accepted (max-http-response-bytes); a larger
 *     one is aborted while it streams in
 * @param maxRedirects how many redirects are followed before the request fails
 */
public record HttpLimits(Duration timeout, long maxResponseBytes, int maxRedirects) {
    /** The largest body the gateway can hold in one array. */
    public static final long MAX_RESPONSE_BYTES = Integer.MAX_VALUE - 8;

    /** 10 s, 16 MB, 10 redirects (as many as Extism's HTTP client follows). */
    public static final HttpLimits DEFAULTS = new HttpLimits(Duration.ofSeconds(10), 16L << 20, 10);

    public HttpLimits {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        if (maxResponseBytes < 0 || maxResponseBytes > MAX_RESPONSE_BYTES) {
            throw new IllegalArgumentException("maxResponseBytes must be 0.." + MAX_RESPONSE_BYTES + ", was "
                    + maxResponseBytes);
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must not be negative, was " + maxRedirects);
        }
    }

    public HttpLimits withTimeout(Duration value) {
        return new HttpLimits(value, maxResponseBytes, maxRedirects);
    }

    public HttpLimits withMaxResponseBytes(long value) {
        return new HttpLimits(timeout, value, maxRedirects);
    }

    public HttpLimits withMaxRedirects(int value) {
        return new HttpLimits(timeout, maxResponseBytes, value);
    }
}
