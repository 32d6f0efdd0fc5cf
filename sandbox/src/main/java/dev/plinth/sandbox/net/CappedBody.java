package dev.plinth.sandbox.net;

import dev.plinth.api.error.PayloadTooLargeException;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body up to a cap while it streams in, and cancels the stream (closing the
 * connection) as soon as it grows past the cap, or at once when {@code Content-Length} announces
 * more. The body is never read beyond the cap.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final long cap;
    private final long declaredLength;
    private final String what;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Flow.Subscription subscription;
    private long received;
    private boolean done;

    /**
     * @param declaredLength the {@code Content-Length}, or -1
     * @param what the request, for the message ("GET http://...")
     */
    CappedBody(long cap, long declaredLength, String what) {
        this.cap = cap;
        this.declaredLength = declaredLength;
        this.what = what;
    }

    /** A body handler that caps every response at {@code cap} bytes. */
    static HttpResponse.BodyHandler<byte[]> handler(long cap, String what) {
        return info -> new CappedBody(cap, info.headers().firstValueAsLong("content-length").orElse(-1), what);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (declaredLength > cap) {
            fail(declaredLength + " bytes announced");
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (done) {
            return;
        }
        for (ByteBuffer item : items) {
            received += item.remaining();
            if (received > cap) {
                fail("more than " + cap + " bytes received");
                return;
            }
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            out.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable failure) {
        if (!done) {
            done = true;
            result.completeExceptionally(failure);
        }
    }

    @Override
    public void onComplete() {
        if (!done) {
            done = true;
            result.complete(out.toByteArray());
        }
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    private void fail(String detail) {
        done = true;
        subscription.cancel();
        result.completeExceptionally(new PayloadTooLargeException("the response to " + what
                + " is larger than the limit of " + cap + " bytes (max-http-response-bytes): " + detail
                + "; the transfer was aborted"));
    }
}
