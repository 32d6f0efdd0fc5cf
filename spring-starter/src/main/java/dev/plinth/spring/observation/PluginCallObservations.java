package dev.plinth.spring.observation;

import dev.plinth.api.CallRequest;
import dev.plinth.api.CallResult;
import dev.plinth.api.error.PluginException;
import dev.plinth.spring.lifecycle.PluginCallObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import java.util.function.Function;

/**
 * Makes each call through the starter's registry a Micrometer {@link Observation} (a span when
 * micrometer-tracing is present, a timer with Micrometer's meter handler), in scope on the caller's
 * thread while the call runs so that {@link ObservationCallListener} can add what the version that
 * ran it reports. Made only when the application has an {@code ObservationRegistry}; with a no-op
 * one (observations turned off) the call is made directly, at the cost of one check.
 */
public final class PluginCallObservations implements PluginCallObserver {
    private static final PluginCallObservationConvention DEFAULT = new DefaultPluginCallObservationConvention();

    private final ObservationRegistry registry;
    private final PluginCallObservationConvention convention;

    /** @param convention the application's, or null for {@link DefaultPluginCallObservationConvention} */
    public PluginCallObservations(ObservationRegistry registry, PluginCallObservationConvention convention) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.convention = convention;
    }

    @Override
    public CallResult observe(CallRequest request, Function<CallRequest, CallResult> call) {
        if (registry.isNoop()) {
            return call.apply(request);
        }
        PluginCallContext context = new PluginCallContext(request);
        Observation observation = Observation.createNotStarted(convention, DEFAULT, () -> context, registry).start();
        try (Observation.Scope scope = observation.openScope()) {
            return call.apply(request);
        } catch (PluginException e) {
            context.refused(e.code());
            observation.error(e);
            throw e;
        } catch (RuntimeException | Error e) {
            observation.error(e);
            throw e;
        } finally {
            observation.stop();
        }
    }
}
