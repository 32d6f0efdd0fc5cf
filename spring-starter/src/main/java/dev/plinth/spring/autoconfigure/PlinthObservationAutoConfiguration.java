package dev.plinth.spring.autoconfigure;

import dev.plinth.spring.observation.ObservationCallListener;
import dev.plinth.spring.observation.PluginCallObservationConvention;
import dev.plinth.spring.observation.PluginCallObservations;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * A Micrometer Observation per plugin call made through the starter's registry bean, when
 * micrometer-observation is on the class path; it costs one check per call while the application
 * has no {@link ObservationRegistry} bean (Spring Boot makes one with spring-boot-starter-actuator).
 */
@AutoConfiguration(before = PlinthAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "plinth.enabled", matchIfMissing = true)
@ConditionalOnClass(ObservationRegistry.class)
public final class PlinthObservationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PluginCallObservations plinthPluginCallObservations(ObjectProvider<ObservationRegistry> registry,
            ObjectProvider<PluginCallObservationConvention> convention) {
        return new PluginCallObservations(registry.getIfAvailable(() -> ObservationRegistry.NOOP),
                convention.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    ObservationCallListener plinthObservationCallListener(ObjectProvider<ObservationRegistry> registry) {
        return new ObservationCallListener(registry.getIfAvailable(() -> ObservationRegistry.NOOP));
    }
}
