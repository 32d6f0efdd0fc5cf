package dev.plinth.sandbox.net;

import dev.plinth.api.error.PermissionDeniedException;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.error.PluginTimeoutException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.HttpsSupport;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;

/**
 * Carries out plugin HTTP requests under a {@link NetworkPolicy} and {@link HttpLimits}, through
 * Apache HttpClient 5 (classic) over a connection per request (as Extism's HTTP client does,
 * without pooling). One gateway serves one plugin version; it is thread-safe and holds no
 * connection between requests.
 *
 * <p>What it enforces:
 * <ul>
 *   <li>only {@code http} and {@code https}, and the methods GET, POST, PUT, PATCH, DELETE, HEAD;
 *   <li>every hop is checked by the policy, host name and every resolved address; redirects are
 *       followed here, at most {@code maxRedirects}, and a redirect to a host the policy refuses
 *       is refused; a 303 (and a 301/302 answering a POST) continues as GET without the body;
 *       {@code Authorization} and {@code Cookie} are not sent to another origin;
 *   <li>the response body is read as it streams and aborted once it passes
 *       {@code maxResponseBytes} ({@code PayloadTooLargeException}); the response head is at most
 *       64 KiB and 256 fields, and an answer that is not HTTP/1.x fails at once;
 *   <li>the whole request, redirects and body included, ends by {@code timeout}
 *       ({@code PluginTimeoutException});
 *   <li>hop-by-hop request headers and those the gateway writes itself ({@code Host},
 *       {@code Content-Length}, ...) are dropped; a header name or value that could break the
 *       request apart (a line break, a control character) fails it.
 * </ul>
 *
 * <p><b>The request line and DNS rebinding.</b> Each connection goes to the address the policy
 * checked, and nothing is resolved again ({@link PinnedExchange}): HttpClient gets a connection
 * manager of its own for each hop, whose resolver ({@link PinnedDnsResolver}) answers only the
 * checked host, with the checked address, so a name that resolves to a public address for the
 * check and to 127.0.0.1 a moment later still reaches the checked address, and no connection is
 * ever shared with another request, host or plugin. HttpClient's own redirects are off: the gateway
 * follows them here, checking every hop. The request is written as to the origin server: {@code GET /data.txt HTTP/1.1} with
 * {@code Host: name:port}, which every server understands (servers such as Python's
 * {@code http.server} answer 404 to the absolute form {@code GET http://host/data.txt}). For
 * {@code https} the handshake sends the URL's host name (SNI) and the certificate must match that
 * name, so pinning costs no certificate check.
 */
public final class HttpGateway {
    /** The methods a plugin may use. */
    public static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final NetworkPolicy policy;
    private final HttpLimits limits;
    private final TlsSocketStrategy tls;
    private final boolean responseHeaders;

    /** A gateway whose plugin does not get response headers ({@link #withResponseHeaders}). */
    public HttpGateway(NetworkPolicy policy, HttpLimits limits) {
        this(policy, limits, null, false);
    }

    /** A gateway whose TLS connections trust what {@code tls} trusts (tests trust their own certificates). */
    HttpGateway(NetworkPolicy policy, HttpLimits limits, SSLContext tls) {
        this(policy, limits, tlsStrategy(tls), false);
    }

    private HttpGateway(NetworkPolicy policy, HttpLimits limits, TlsSocketStrategy tls, boolean responseHeaders) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.tls = tls;
        this.responseHeaders = responseHeaders;
    }

    /**
     * TLS as HttpClient does it, with the certificate checked against the URL's host name twice
     * over: by the JDK during the handshake (endpoint identification {@code HTTPS}) and by
     * HttpClient's verifier after it. {@code null} means the JDK's default trust.
     */
    private static TlsSocketStrategy tlsStrategy(SSLContext context) {
        return context == null ? null : new DefaultClientTlsStrategy(context, HostnameVerificationPolicy.BOTH,
                HttpsSupport.getDefaultHostnameVerifier());
    }

    /**
     * The same gateway, with the plugin's grant to read response headers: Extism's hosts hand
     * {@code http_headers} the headers only when enabled for the plugin, and so does Plinth's ABI.
     */
    public HttpGateway withResponseHeaders(boolean granted) {
        return new HttpGateway(policy, limits, tls, granted);
    }

    /** Whether the plugin may read response headers ({@code http_headers}). */
    public boolean responseHeaders() {
        return responseHeaders;
    }

    public NetworkPolicy policy() {
        return policy;
    }

    public HttpLimits limits() {
        return limits;
    }

    /**
     * Performs one request, following redirects.
     *
     * @return the last hop's response
     * @throws PermissionDeniedException when the policy refuses a hop, or the URL is not http(s)
     * @throws dev.plinth.api.error.PayloadTooLargeException when the body passes the cap
     * @throws PluginTimeoutException when the request does not finish within the timeout
     * @throws HttpRequestFailedException when the request is malformed or cannot be carried out
     */
    public PluginHttpResponse send(PluginHttpRequest request) {
        long deadline = System.nanoTime() + limits.timeout().toNanos();
        String method = request.method().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new HttpRequestFailedException("HTTP method \"" + clip(request.method()) + "\" is not supported; use one"
                    + " of " + String.join(", ", new java.util.TreeSet<>(METHODS)));
        }
        URI uri = target(request.url(), null);
        Map<String, String> headers = RequestHeaders.sendable(request.headers());
        RequestHeaders.check(headers, method + " " + show(uri));
        byte[] body = request.bodyUnsafe();
        URI redirectedFrom = null;
        for (int redirects = 0; ; redirects++) {
            ConnectTarget target = check(method, uri, redirectedFrom);
            PinnedExchange.Response response = exchange(method, uri, headers, body, target, deadline);
            int status = response.status();
            String location = response.first("location");
            if (!REDIRECTS.contains(status) || location == null) {
                return new PluginHttpResponse(status, responseHeaders(response), response.body());
            }
            if (redirects == limits.maxRedirects()) {
                throw new HttpRequestFailedException(method + " " + show(uri) + " was redirected more than "
                        + limits.maxRedirects() + " times; stopped");
            }
            URI next = target(location, uri);
            if ((status == 303 && !method.equals("HEAD")) || ((status == 301 || status == 302) && method.equals("POST"))) {
                method = "GET";
                body = new byte[0];
                headers = RequestHeaders.without(headers, Set.of("content-type", "content-encoding"));
            }
            if (!sameOrigin(uri, next)) {
                headers = RequestHeaders.without(headers, RequestHeaders.CREDENTIALS);
            }
            redirectedFrom = uri;
            uri = next;
        }
    }

    /** Parses a URL (relative to {@code base} for a redirect) and checks its scheme and form. */
    private static URI target(String url, URI base) {
        URI uri;
        try {
            uri = base == null ? new URI(url) : base.resolve(new URI(url));
        } catch (URISyntaxException e) {
            String where = base == null ? "" : " (redirect from " + show(base) + ")";
            throw new HttpRequestFailedException("\"" + clip(url) + "\" is not a valid URL" + where + ": "
                    + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            String what = base == null ? "a request to " : "a redirect from " + show(base) + " to ";
            throw new PermissionDeniedException(what + "\"" + clip(url) + "\" is not allowed: only http and https"
                    + " URLs may be requested");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new HttpRequestFailedException("\"" + clip(url) + "\" has no valid host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new HttpRequestFailedException("\"" + clip(url) + "\": credentials in the URL are not supported;"
                    + " send an Authorization header");
        }
        return uri;
    }

    private ConnectTarget check(String method, URI uri, URI redirectedFrom) {
        String what = redirectedFrom == null ? method + " " + show(uri)
                : method + " " + show(redirectedFrom) + " redirected to " + show(uri) + ";";
        try {
            return policy.check(uri.getHost(), port(uri));
        } catch (PermissionDeniedException e) {
            throw new PermissionDeniedException(what + " refused: " + e.getMessage(), e);
        } catch (UnknownHostException e) {
            throw new HttpRequestFailedException(what + " failed: host " + clip(uri.getHost()) + " does not resolve", e);
        } catch (IllegalArgumentException e) {
            throw new HttpRequestFailedException(what + " failed: " + e.getMessage(), e);
        }
    }

    private PinnedExchange.Response exchange(String method, URI uri, Map<String, String> headers, byte[] body,
            ConnectTarget target, long deadline) {
        String what = method + " " + show(uri);
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut(what, null);
        }
        PinnedExchange exchange = new PinnedExchange(method, uri, headers, body, target, tls(),
                limits.maxResponseBytes(), what);
        Future<PinnedExchange.Response> future = Workers.POOL.submit(() -> exchange.run(Duration.ofNanos(remaining)));
        try {
            return future.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.abort();
            future.cancel(true);
            throw timedOut(what, e);
        } catch (InterruptedException e) {
            exchange.abort();
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new HttpRequestFailedException(what + " was interrupted", e);
        } catch (ExecutionException e) {
            throw failure(what, e.getCause());
        }
    }

    private RuntimeException failure(String what, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof PluginException known) {
                return known;
            }
            if (t instanceof SocketTimeoutException || t instanceof ConnectTimeoutException) {
                return timedOut(what, t);
            }
        }
        if (cause instanceof ClientProtocolException && cause.getCause() != null) {
            cause = cause.getCause(); // an HttpException (malformed response), wrapped as an IOException
        }
        if (cause instanceof ConnectException) {
            return new HttpRequestFailedException(what + " failed: connection refused", cause);
        }
        if (cause instanceof SSLException) {
            return new HttpRequestFailedException(what + " failed: TLS: " + cause.getMessage(), cause);
        }
        String message = cause == null ? null : cause.getMessage();
        return new HttpRequestFailedException(what + " failed: " + (message == null || message.isBlank()
                ? String.valueOf(cause) : message), cause);
    }

    private PluginTimeoutException timedOut(String what, Throwable cause) {
        return new PluginTimeoutException(what + " did not complete within " + limits.timeout().toMillis()
                + " ms (the per-request HTTP timeout)", cause);
    }

    private TlsSocketStrategy tls() {
        return tls != null ? tls : Default.TLS;
    }

    /** Plugin-facing headers: lower-case names, repeated ones joined with ", ". */
    private static Map<String, String> responseHeaders(PinnedExchange.Response response) {
        Map<String, String> headers = new TreeMap<>();
        response.headers().forEach((name, values) -> headers.put(name, String.join(", ", values)));
        return headers;
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    /** A URL for messages: scheme, host, port and path; the query may hold secrets and is left out. */
    static String show(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        return clip(uri.getScheme() + "://" + uri.getHost() + port + path) + (uri.getRawQuery() == null ? "" : "?...");
    }

    private static String clip(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    /** The JDK's default trust, made when the first https request is sent. */
    private static final class Default {
        static final TlsSocketStrategy TLS = tlsStrategy(sslContext());

        private static SSLContext sslContext() {
            try {
                return SSLContext.getDefault();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no default TLS context", e);
            }
        }
    }

    /**
     * The threads that carry out exchanges while callers wait with their deadline: daemon threads,
     * made when the first request is sent and ended after a minute without work.
     */
    private static final class Workers {
        private static final AtomicInteger COUNT = new AtomicInteger();
        static final ExecutorService POOL = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "plinth-http-" + COUNT.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
