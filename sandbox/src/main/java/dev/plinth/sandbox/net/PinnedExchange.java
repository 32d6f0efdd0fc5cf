package dev.plinth.sandbox.net;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One request and its response on a connection of its own, opened to exactly the address that the
 * policy checked: nothing is resolved here, so a name whose DNS answer changes after the check
 * (DNS rebinding) still reaches the checked address, over {@code http} and {@code https} alike.
 * The request line is in origin form with the URL's host in {@code Host}, as a client talking to
 * the origin server sends it. For {@code https} the TLS handshake names the URL's host (SNI) and
 * the certificate must match that name (endpoint identification {@code HTTPS}), not the address.
 *
 * <p>{@link #abort} closes the connection from another thread, which ends a blocked read or write
 * at once: that is how the gateway's timeout and an interrupted caller stop it.
 */
final class PinnedExchange {
    private final String method;
    private final URI uri;
    private final byte[] head;
    private final byte[] body;
    private final InetSocketAddress address;
    private final SSLSocketFactory tls;
    private final long maxBody;
    private final String what;
    private Socket socket;
    private boolean aborted;

    /**
     * @param head the request head ({@link RequestHead#encode})
     * @param address the checked address to connect to
     * @param tls how to make TLS connections, used for {@code https} URLs
     * @param maxBody the largest response body accepted
     */
    PinnedExchange(String method, URI uri, byte[] head, byte[] body, InetSocketAddress address, SSLSocketFactory tls,
            long maxBody, String what) {
        this.method = method;
        this.uri = uri;
        this.head = head;
        this.body = body;
        this.address = address;
        this.tls = tls;
        this.maxBody = maxBody;
        this.what = what;
    }

    /** Connects, sends, reads the whole response and closes; {@code timeout} bounds each step. */
    ResponseReader.Response run(Duration timeout) throws IOException {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        Socket plain = new Socket();
        if (!register(plain)) {
            throw new IOException("aborted");
        }
        try {
            plain.connect(address, millis);
            plain.setSoTimeout(millis);
            plain.setTcpNoDelay(true);
            Socket connection = uri.getScheme().equalsIgnoreCase("https") ? secure(plain) : plain;
            if (connection != plain && !register(connection)) {
                throw new IOException("aborted");
            }
            OutputStream out = connection.getOutputStream();
            out.write(head);
            out.write(body);
            out.flush();
            return new ResponseReader(new BufferedInputStream(connection.getInputStream(), 16 * 1024), maxBody, what)
                    .read(method);
        } finally {
            abort();
        }
    }

    /** Closes the connection, now or as soon as it is opened. */
    void abort() {
        Socket s;
        synchronized (this) {
            aborted = true;
            s = socket;
        }
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is all that is wanted
            }
        }
    }

    private synchronized boolean register(Socket s) {
        socket = s;
        return !aborted;
    }

    private Socket secure(Socket plain) throws IOException {
        String host = uri.getHost();
        boolean name = !host.startsWith("[") && !isIpv4(host);
        String peer = host.startsWith("[") ? host.substring(1, host.length() - 1) : name ? stripDot(host) : host;
        SSLSocket ssl = (SSLSocket) tls.createSocket(plain, peer, address.getPort(), true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setServerNames(name ? List.of(new SNIHostName(stripDot(host))) : List.of());
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        return ssl;
    }

    private static String stripDot(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static boolean isIpv4(String host) {
        return host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}
