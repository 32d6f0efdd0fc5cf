package dev.plinth.abi;

import dev.plinth.api.error.PermissionDeniedException;
import dev.plinth.sandbox.net.HttpRequestFailedException;
import dev.plinth.sandbox.net.PluginHttpRequest;
import dev.plinth.sandbox.net.PluginHttpResponse;

/**
 * {@code http_request}, {@code http_headers} (and the state behind {@code http_status_code}) as
 * Extism's runtime defines them:
 * <ul>
 *   <li>{@code http_request(request, body)}: {@code request} is a block of JSON (see
 *       {@link ExtismHttpRequest}), {@code body} a block or 0. The host takes ownership of both
 *       blocks and frees them. Returns a new block with the response body, or 0 when the body is
 *       empty. Status and headers are cleared when a request starts and kept for the calls below.
 *       Any failure (bad block, bad JSON, refused, too large, timed out, unreachable) fails the
 *       call; there is no error status for the guest to read. A plugin without any network grant
 *       is refused with permission-denied even when its request block is malformed.
 *   <li>{@code http_status_code()}: the last status, 0 before any request.
 *   <li>{@code http_headers()}: as in Extism, only when the plugin is granted response headers
 *       ({@code http-response-headers}, off by default): then a block with the last response's
 *       headers as a JSON object of strings ({@code {}} before any request); without the grant
 *       always 0, and the headers are not kept.
 * </ul>
 * Status and headers belong to the current call (Extism keeps them per plugin instance; Plinth's
 * instances serve many callers, so they are reset when a call begins).
 */
final class HttpFunctions {
    private static final byte[] NO_BODY = new byte[0];

    private HttpFunctions() {
    }

    static long request(GuestContext ctx, long requestOffset, long bodyOffset) {
        ExtismMemory mem = ctx.memory();
        ctx.setHttpResult(0, java.util.Map.of());
        byte[] json = mem.readBlock(ExtismHttpRequest.FUNCTION, requestOffset);
        byte[] body = bodyOffset == 0 ? NO_BODY : mem.readBlock(ExtismHttpRequest.FUNCTION, bodyOffset);
        PluginHttpRequest request;
        try {
            request = ExtismHttpRequest.parse(json, body);
        } catch (AbiViolation e) {
            if (ctx.http().policy().grantsNothing()) {
                // without a grant every request is refused, whatever it says
                throw new PermissionDeniedException("plugin " + ctx.pluginName() + " (" + ctx.function()
                        + ") called http_request, but it has no network grant", e);
            }
            throw e;
        }
        mem.free(requestOffset);
        PluginHttpResponse response;
        try {
            response = ctx.http().send(request);
        } catch (PermissionDeniedException e) {
            throw new PermissionDeniedException("plugin " + ctx.pluginName() + " (" + ctx.function()
                    + ") called http_request: " + e.getMessage(), e);
        } catch (HttpRequestFailedException e) {
            throw new HttpRequestFailedException("extism:host/env http_request: " + e.getMessage(), e);
        }
        mem.free(bodyOffset);
        ctx.setHttpResult(response.status(), ctx.http().responseHeaders() ? response.headers() : java.util.Map.of());
        return mem.allocBytes(response.body());
    }

    static long headers(GuestContext ctx) {
        if (!ctx.http().responseHeaders()) {
            return 0;
        }
        return ctx.memory().allocBytes(ExtismHttpRequest.headersJson(ctx.httpHeaders()));
    }
}
