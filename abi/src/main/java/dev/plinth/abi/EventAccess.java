package dev.plinth.abi;

import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.event.EmittedEvent;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.security.audit.AuditLog;
import dev.plinth.security.policy.EventsGrant;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One plugin version's way to emit events: the granted types and bounds, and the engine's bounded
 * queue towards the application ({@code sink}, which says whether it took the event). Refusals
 * are audited. Shared by the version's instances.
 */
public final class EventAccess {
    private final String plugin;
    private final String version;
    private final String versionId;
    private final EventsGrant grant;
    private final Predicate<EmittedEvent> sink;
    private final AuditLog audit;

    public EventAccess(String plugin, String version, String versionId, EventsGrant grant,
            Predicate<EmittedEvent> sink, AuditLog audit) {
        this.plugin = Objects.requireNonNull(plugin, "plugin");
        this.version = Objects.requireNonNull(version, "version");
        this.versionId = Objects.requireNonNull(versionId, "versionId");
        this.grant = Objects.requireNonNull(grant, "grant");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    EventsGrant grant() {
        return grant;
    }

    /** Queues an event of a granted type, or throws a {@link KvRefusal} (audited) saying why not. */
    void emit(String type, String payload) {
        if (!grant.mayEmit(type)) {
            throw refuse(EventFunctions.NOT_GRANTED, ErrorCode.PERMISSION_DENIED, "emit", "type \"" + type
                    + "\" is not granted to emit (granted: " + (grant.emit().isEmpty() ? "none"
                            : String.join(", ", grant.emit())) + ")");
        }
        if (!sink.test(new EmittedEvent(plugin, versionId, type, payload))) {
            throw refuse(EventFunctions.QUEUE_FULL, ErrorCode.TOO_LARGE, "queue", "the event queue is full; the"
                    + " application has not taken the events before it; event \"" + type + "\" dropped");
        }
    }

    /**
     * Queues an event for a caller outside this package (a component's {@code events} import), or says why not:
     * the refusal's message (audited), empty when queued.
     */
    public java.util.Optional<String> offer(String type, String payload) {
        try {
            emit(type, payload);
            return java.util.Optional.empty();
        } catch (KvRefusal e) {
            return java.util.Optional.of(e.getMessage());
        }
    }

    KvRefusal refuse(int code, ErrorCode what, String bound, String problem) {
        String message = EventFunctions.MODULE + ": " + problem;
        audit.record(AuditEntry.now(plugin, version, what, EventFunctions.MODULE + " " + bound, message,
                AuditAction.REFUSED));
        return new KvRefusal(code, message);
    }
}
