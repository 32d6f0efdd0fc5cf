package dev.plinth.host.internal.registry;

import dev.plinth.api.observe.CallEvent;
import dev.plinth.api.observe.CallListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans a call event out to every listener; one that throws is logged and does not stop the rest. */
public final class CallListeners {
    private static final Logger LOG = LoggerFactory.getLogger(CallListeners.class);

    private final List<CallListener> listeners;

    public CallListeners(List<CallListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    boolean isEmpty() {
        return listeners.isEmpty();
    }

    void notify(CallEvent event) {
        for (CallListener listener : listeners) {
            try {
                listener.onCall(event);
            } catch (RuntimeException e) {
                LOG.warn("call listener {} failed on {}", listener, event, e);
            }
        }
    }
}
