package dev.plinth.spring.endpoint;

import dev.plinth.api.observe.CallEvent;
import dev.plinth.api.observe.CallListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-plugin call figures for the {@code plugins} actuator endpoint: calls, errors, latency
 * percentiles over the most recent calls, and the most recent errors. Fed by the engine as a
 * {@link CallListener}; cheap on the call path.
 */
public final class PluginCallStats implements CallListener {
    private final Map<String, CallWindow> byPlugin = new ConcurrentHashMap<>();

    @Override
    public void onCall(CallEvent event) {
        byPlugin.computeIfAbsent(event.plugin(), name -> new CallWindow()).record(event);
    }

    /** The figures of one plugin; all zero when it was never called. */
    public CallFigures figures(String plugin) {
        CallWindow window = byPlugin.get(plugin);
        return window == null ? CallFigures.NONE : window.figures();
    }
}
