package dev.plinth.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and key values of plugin call observations. Define a bean of this type to change them;
 * {@link DefaultPluginCallObservationConvention} is used otherwise.
 */
public interface PluginCallObservationConvention extends ObservationConvention<PluginCallContext> {
    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof PluginCallContext;
    }
}
