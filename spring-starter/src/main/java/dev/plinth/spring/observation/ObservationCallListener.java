package dev.plinth.spring.observation;

import dev.plinth.api.observe.CallEvent;
import dev.plinth.api.observe.CallListener;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;

/**
 * Adds what the version that ran a call reports (version, digest, outcome) to the call's
 * observation. The engine tells its listeners on the caller's thread before the call returns, while
 * {@link PluginCallObservations} has the observation in scope; an event of another call (a plugin
 * called directly on the engine from inside an observed call) is left out.
 */
public final class ObservationCallListener implements CallListener {
    private final ObservationRegistry registry;

    public ObservationCallListener(ObservationRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void onCall(CallEvent event) {
        Observation current = registry.getCurrentObservation();
        if (current != null && current.getContextView() instanceof PluginCallContext context && context.isFor(event)) {
            context.ran(event);
        }
    }
}
