package dev.plinth.spring.autoconfigure;

import dev.plinth.spring.observation.ObservationCallListener;
import dev.plinth.spring.observation.PluginCallObservationConvention;
import dev.plinth.spring.observation.PluginCallObservations;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * A Micrometer Observation per plugin call made through the starter's registry bean, when the
 * application has an {@link ObservationRegistry} bean (Spring Boot makes one with
 * spring-boot-starter-actuator). Without one nothing is added to a call: no wrapper, no listener.
 */
@AutoConfiguration(before = PlinthAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnBooleanProperty(name = "plinth.enabled", matchIfMissing = true)
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
public final class PlinthObservationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PluginCallObservations plinthPluginCallObservations(ObservationRegistry registry,
            ObjectProvider<PluginCallObservationConvention> convention) {
        return new PluginCallObservations(registry, convention.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    ObservationCallListener plinthObservationCallListener(ObservationRegistry registry) {
        return new ObservationCallListener(registry);
    }
}
