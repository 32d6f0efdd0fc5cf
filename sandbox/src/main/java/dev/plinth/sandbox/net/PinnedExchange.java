package dev.plinth.sandbox.net;

import dev.plinth.api.error.PayloadTooLargeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.BasicHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * One request and its response through Apache HttpClient, on a connection of its own to exactly
 * the address that the policy checked. The connection manager is made for this exchange alone and
 * resolves names with a {@link PinnedDnsResolver} that knows only the checked host and address, so
 * nothing is looked up again (DNS rebinding reaches the checked address) and no connection outlives
 * the exchange or serves another host, request or plugin. HttpClient writes the request line in
 * origin form ({@code GET /data.txt HTTP/1.1}) and the gateway sets {@code Host} from the URL; for
 * {@code https} the handshake names the URL's host (SNI) and the certificate is verified against
 * that name, not the address. Redirects, retries, cookies, authentication, compression and protocol
 * upgrades are all off: the gateway follows redirects itself, checking each hop.
 *
 * <p>{@link #abort} closes the connection from another thread, which ends a blocked read or write
 * at once: that is how the gateway's deadline and an interrupted caller stop it.
 */
final class PinnedExchange {
    /** Sent when the plugin sets no {@code User-Agent}, as Extism's HTTP client sends its own. */
    static final String USER_AGENT = "Plinth";

    private final String method;
    private final URI uri;
    private final ConnectTarget target;
    private final TlsSocketStrategy tls;
    private final long maxBody;
    private final String what;
    private final HttpUriRequestBase request;
    private BasicHttpClientConnectionManager connections;
    private boolean aborted;

    /** A response as read: status, headers by lower-case name in arrival order, body. */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {
        String first(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /**
     * @param headers the plugin's headers, already checked ({@link RequestHeaders#check}) and
     *     without the ones the gateway manages
     * @param target the checked target; the connection goes to its first address
     * @param tls how {@code https} connections are secured
     * @param maxBody the largest response body accepted
     * @param what the request, for messages ({@code GET http://...})
     * @throws HttpRequestFailedException when the URL's path cannot be sent
     */
    PinnedExchange(String method, URI uri, Map<String, String> headers, byte[] body, ConnectTarget target,
            TlsSocketStrategy tls, long maxBody, String what) {
        this.method = method;
        this.uri = uri;
        this.target = target;
        this.tls = tls;
        this.maxBody = maxBody;
        this.what = what;
        this.request = request(headers, body);
    }

    /** Connects, sends, reads the whole response and closes; {@code timeout} bounds each step. */
    Response run(Duration timeout) throws IOException {
        Timeout step = Timeout.ofMilliseconds(Math.max(1, timeout.toMillis()));
        BasicHttpClientConnectionManager manager = BasicHttpClientConnectionManager.create(
                DefaultSchemePortResolver.INSTANCE, new PinnedDnsResolver(target, target.addresses().get(0)),
                RegistryBuilder.<TlsSocketStrategy>create().register(URIScheme.HTTPS.id, tls).build(),
                ManagedHttpClientConnectionFactory.builder().http1Config(StrictResponseParser.CONFIG)
                        .responseParserFactory(StrictResponseParser.FACTORY).build());
        manager.setConnectionConfig(ConnectionConfig.custom().setConnectTimeout(step).setSocketTimeout(step).build());
        manager.setTlsConfig(TlsConfig.custom().setHandshakeTimeout(step).build());
        if (!register(manager)) {
            manager.close(CloseMode.IMMEDIATE);
            throw new IOException("aborted");
        }
        CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(manager)
                .setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE)) // never a proxy
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .disableConnectionState()
                .setUserAgent(USER_AGENT)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(step)
                        .setRedirectsEnabled(false)
                        .setAuthenticationEnabled(false)
                        .setExpectContinueEnabled(false)
                        .setProtocolUpgradeEnabled(false)
                        .setContentCompressionEnabled(false)
                        .build())
                .build();
        try {
            ClassicHttpResponse response = client.executeOpen(connectTo(), request, null);
            Map<String, List<String>> received = new LinkedHashMap<>();
            for (Header h : response.getHeaders()) {
                received.computeIfAbsent(h.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue());
            }
            HttpEntity entity = response.getEntity();
            return new Response(response.getCode(), received, entity == null ? new byte[0] : capped(entity));
        } finally {
            // Closed at once, never drained: a body past the cap is not read any further.
            abort();
            client.close(CloseMode.IMMEDIATE);
        }
    }

    /** Closes the connection, now or as soon as it is opened. */
    void abort() {
        BasicHttpClientConnectionManager m;
        synchronized (this) {
            aborted = true;
            m = connections;
        }
        request.cancel();
        if (m != null) {
            m.close(CloseMode.IMMEDIATE);
        }
    }

    private synchronized boolean register(BasicHttpClientConnectionManager manager) {
        connections = manager;
        return !aborted;
    }

    /** The request as the gateway sends it: origin form, {@code Host} from the URL, no reuse. */
    private HttpUriRequestBase request(Map<String, String> headers, byte[] body) {
        URI ascii = URI.create(uri.toASCIIString());
        HttpUriRequestBase r = new HttpUriRequestBase(method, ascii);
        r.setPath(originForm(ascii));
        r.setHeader("Host", ascii.getPort() < 0 ? ascii.getHost() : ascii.getHost() + ":" + ascii.getPort());
        headers.forEach((name, value) -> r.addHeader(name, value == null ? "" : value.strip()));
        r.setHeader("Connection", "close");
        if (body.length > 0 || method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            r.setEntity(new ByteArrayEntity(body, null));
        }
        return r;
    }

    /**
     * Where HttpClient connects: the checked host, normalized as the policy matched it (lower case,
     * no trailing dot), which is the only name the pinned resolver answers and the name TLS checks.
     */
    private HttpHost connectTo() {
        String host = target.host();
        String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return new HttpHost(uri.getScheme().toLowerCase(Locale.ROOT), name, target.port());
    }

    /** The path and query, percent-encoded ASCII; {@code /} for an empty path; no fragment. */
    private String originForm(URI ascii) {
        String path = ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
        String form = ascii.getRawQuery() == null ? path : path + "?" + ascii.getRawQuery();
        for (int i = 0; i < form.length(); i++) {
            char c = form.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new HttpRequestFailedException(what + ": the URL's path holds a character that cannot be sent");
            }
        }
        return form;
    }

    /** The body, read no further than the cap: a larger announced length fails before any read. */
    private byte[] capped(HttpEntity entity) throws IOException {
        long announced = entity.getContentLength();
        if (announced > maxBody) {
            throw tooLarge(announced + " bytes announced");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(announced >= 0 ? (int) announced : 8 * 1024);
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        try (InputStream in = entity.getContent()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
                if (total > maxBody) {
                    abort(); // before the stream's close, which would drain the rest
                    throw tooLarge("more than " + maxBody + " bytes received");
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }

    private PayloadTooLargeException tooLarge(String detail) {
        return new PayloadTooLargeException("the response to " + what + " is larger than the limit of " + maxBody
                + " bytes (max-http-response-bytes): " + detail + "; the transfer was aborted");
    }
}
