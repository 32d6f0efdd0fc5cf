package dev.plinth.sandbox.net;

import dev.plinth.api.error.PermissionDeniedException;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.error.PluginTimeoutException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Carries out plugin HTTP requests with the JDK's {@link HttpClient}, under a {@link NetworkPolicy}
 * and {@link HttpLimits}. One gateway serves one plugin version; it is thread-safe, and its client
 * is made on the first request (a plugin that never asks costs nothing).
 *
 * <p>What it enforces:
 * <ul>
 *   <li>only {@code http} and {@code https}, and the methods GET, POST, PUT, PATCH, DELETE, HEAD;
 *   <li>every hop is checked by the policy, host name and every resolved address; redirects are
 *       followed here (the client never follows one itself), at most {@code maxRedirects}, and a
 *       redirect to a host the policy refuses is refused; a 303 (and a 301/302 answering a POST)
 *       continues as GET without the body; {@code Authorization} and {@code Cookie} are not sent
 *       to another origin;
 *   <li>the response body is read as it streams and aborted once it passes
 *       {@code maxResponseBytes} ({@code PayloadTooLargeException});
 *   <li>the whole request, redirects and body included, ends by {@code timeout}
 *       ({@code PluginTimeoutException});
 *   <li>hop-by-hop and JDK-restricted request headers are dropped.
 * </ul>
 *
 * <p><b>DNS rebinding.</b> A plain {@code http} connection is pinned to the address the policy
 * checked (see {@link AddressPins}): the client connects to that IP and resolves nothing, so a name
 * that resolves to a public address for the check and to 127.0.0.1 a moment later still reaches
 * the checked address. {@code https} cannot be pinned with the JDK client without giving up
 * certificate host-name checks or setting JVM-wide properties, so there the client resolves the
 * name again when it connects. With the default {@link AddressResolver#SYSTEM} resolver that second
 * lookup is answered from the JVM's address cache that the check has just filled
 * ({@code networkaddress.cache.ttl}, 30 s by default), so the same addresses come back unless the
 * entry expires in between; an operator who sets the cache TTL to 0 reopens that window. For
 * HTTPS the certificate must still match the name, which a rebinding attacker's target would not
 * normally present. The JDK client does not expose the address it connected to, so the gateway
 * cannot check again after connecting.
 */
public final class HttpGateway {
    /** The methods a plugin may use. */
    public static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final NetworkPolicy policy;
    private final HttpLimits limits;
    private final AddressPins pins = new AddressPins();
    private volatile HttpClient client;

    public HttpGateway(NetworkPolicy policy, HttpLimits limits) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.limits = Objects.requireNonNull(limits, "limits");
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
        byte[] body = request.bodyUnsafe();
        URI redirectedFrom = null;
        for (int redirects = 0; ; redirects++) {
            ConnectTarget target = check(method, uri, redirectedFrom);
            HttpResponse<byte[]> response = exchange(method, uri, headers, body, target, deadline);
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("location");
            if (!REDIRECTS.contains(status) || location.isEmpty()) {
                return new PluginHttpResponse(status, responseHeaders(response), response.body());
            }
            if (redirects == limits.maxRedirects()) {
                throw new HttpRequestFailedException(method + " " + show(uri) + " was redirected more than "
                        + limits.maxRedirects() + " times; stopped");
            }
            URI next = target(location.get(), uri);
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

    private HttpResponse<byte[]> exchange(String method, URI uri, Map<String, String> headers, byte[] body,
            ConnectTarget target, long deadline) {
        String what = method + " " + show(uri);
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut(what, null);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofNanos(remaining))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, value) -> {
            try {
                builder.header(name, value);
            } catch (IllegalArgumentException e) {
                throw new HttpRequestFailedException(what + ": header \"" + clip(name) + "\" is not valid: "
                        + e.getMessage(), e);
            }
        });
        HttpRequest request = builder.build();
        AddressPins.Handle pin = uri.getScheme().equalsIgnoreCase("http")
                ? pins.pin(uri.getHost(), target.port(), new InetSocketAddress(target.addresses().get(0), target.port()))
                : null;
        try {
            CompletableFuture<HttpResponse<byte[]>> future =
                    client().sendAsync(request, CappedBody.handler(limits.maxResponseBytes(), what));
            try {
                return future.get(remaining, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                future.cancel(true);
                throw timedOut(what, e);
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
                throw new HttpRequestFailedException(what + " was interrupted", e);
            } catch (ExecutionException e) {
                throw failure(what, e.getCause());
            }
        } finally {
            if (pin != null) {
                pin.close();
            }
        }
    }

    private RuntimeException failure(String what, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof PluginException known) {
                return known;
            }
            if (t instanceof HttpTimeoutException) {
                return timedOut(what, t);
            }
        }
        if (cause instanceof ConnectException) {
            return new HttpRequestFailedException(what + " failed: connection refused", cause);
        }
        String message = cause == null ? null : cause.getMessage();
        return new HttpRequestFailedException(what + " failed: " + (message == null || message.isBlank()
                ? String.valueOf(cause) : message), cause);
    }

    private PluginTimeoutException timedOut(String what, Throwable cause) {
        return new PluginTimeoutException(what + " did not complete within " + limits.timeout().toMillis()
                + " ms (the per-request HTTP timeout)", cause);
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = HttpClient.newBuilder()
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .version(HttpClient.Version.HTTP_1_1)
                            .proxy(pins)
                            .connectTimeout(limits.timeout())
                            .build();
                    client = c;
                }
            }
        }
        return c;
    }

    private static Map<String, String> responseHeaders(HttpResponse<?> response) {
        Map<String, String> headers = new TreeMap<>();
        for (Map.Entry<String, List<String>> e : response.headers().map().entrySet()) {
            if (!e.getKey().startsWith(":")) {
                headers.merge(e.getKey().toLowerCase(Locale.ROOT), String.join(", ", e.getValue()),
                        (a, b) -> a + ", " + b);
            }
        }
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
}
