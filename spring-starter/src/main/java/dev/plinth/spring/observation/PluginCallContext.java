package dev.plinth.spring.observation;

import dev.plinth.api.CallRequest;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.observe.CallEvent;
import io.micrometer.observation.Observation;
import java.util.Objects;
import java.util.Optional;

/**
 * What an observation of one plugin call knows: the request, and once a version has run it, that
 * version's {@link CallEvent} (version, digest, outcome); a call that no version ran (no such
 * plugin, or none serving) has only its error's code.
 */
public final class PluginCallContext extends Observation.Context {
    private final CallRequest request;
    private volatile CallEvent ran;
    private volatile ErrorCode refused;

    public PluginCallContext(CallRequest request) {
        this.request = Objects.requireNonNull(request, "request");
    }

    /** The call as it was asked for. */
    public CallRequest request() {
        return request;
    }

    /** The call as the version that ran it reported it; empty when no version ran it. */
    public Optional<CallEvent> ran() {
        return Optional.ofNullable(ran);
    }

    /** The code the call failed with before any version ran it. */
    public Optional<ErrorCode> refused() {
        return Optional.ofNullable(refused);
    }

    /** Whether {@code event} is this call's: the same plugin and function. */
    boolean isFor(CallEvent event) {
        return event.plugin().equals(request.plugin()) && event.function().equals(request.function());
    }

    void ran(CallEvent event) {
        this.ran = event;
    }

    void refused(ErrorCode code) {
        this.refused = code;
    }
}
