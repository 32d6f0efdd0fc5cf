package dev.plinth.spring.dashboard;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open dashboard pages, as server-sent event streams: each gets the whole state when it
 * connects ({@code state}) and every sample after ({@code tick}). A stream that fails or times out
 * is dropped; the browser's {@code EventSource} connects again by itself.
 */
final class DashboardEvents {
    /** How long one stream stays open before the browser is asked to reconnect. */
    static final Duration STREAM_TIMEOUT = Duration.ofMinutes(10);

    private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();

    /** A new stream that starts with {@code first}. */
    SseEmitter subscribe(DashboardState first) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(error -> emitters.remove(emitter));
        emitters.add(emitter);
        send(emitter, "state", first);
        return emitter;
    }

    /** Sends {@code tick} to every open stream. */
    void publish(DashboardState tick) {
        for (SseEmitter emitter : emitters) {
            send(emitter, "tick", tick);
        }
    }

    /** Ends every stream, when the application stops. */
    void completeAll() {
        for (SseEmitter emitter : emitters) {
            emitter.complete();
        }
        emitters.clear();
    }

    int openStreams() {
        return emitters.size();
    }

    private void send(SseEmitter emitter, String name, DashboardState state) {
        try {
            emitter.send(SseEmitter.event().name(name).data(state));
        } catch (IOException | IllegalStateException e) {
            // The page went away (or its stream already ended): it reconnects if it is still open.
            emitters.remove(emitter);
            emitter.completeWithError(e);
        }
    }
}
