package dev.plinth.spring.autoconfigure;

import dev.plinth.spring.info.PlinthInfoContributor;
import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Plinth's part of {@code /actuator/info} ({@link PlinthInfoContributor}), with the actuator present. */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "plinth.enabled", matchIfMissing = true)
@ConditionalOnClass(InfoContributor.class)
public final class PlinthInfoAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnEnabledInfoContributor("plinth")
    PlinthInfoContributor plinthInfoContributor() {
        return new PlinthInfoContributor();
    }
}
