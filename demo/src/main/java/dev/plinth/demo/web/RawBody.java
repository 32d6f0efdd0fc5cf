package dev.plinth.demo.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A request body's bytes exactly as sent, whatever its content type. Spring rebuilds the body of
 * a form post ({@code application/x-www-form-urlencoded}, what {@code curl -d} sends) from the
 * parsed parameters, so {@code hello plinth} would reach a plugin as {@code hello+plinth=}; the
 * demo's endpoints pass the plugin the bytes the client sent instead.
 */
public final class RawBody {
    private RawBody() {
    }

    /** The body's bytes; empty when there is none. */
    public static byte[] bytes(HttpServletRequest request) {
        try {
            return request.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
    }

    /** The body as text, in the charset the request names, else UTF-8. */
    public static String text(HttpServletRequest request) {
        String named = request.getCharacterEncoding();
        Charset charset = named == null || !Charset.isSupported(named) ? StandardCharsets.UTF_8 : Charset.forName(named);
        return new String(bytes(request), charset);
    }
}
