package dev.plinth.spring.autoconfigure;

import dev.plinth.api.PluginRegistry;
import dev.plinth.spring.client.ClientContracts;
import dev.plinth.spring.health.PluginsHealthIndicator;
import dev.plinth.spring.properties.PlinthProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code plugins} health indicator, when Spring Boot's health support is present and
 * {@code management.health.plugins.enabled} is not false.
 */
@AutoConfiguration(after = PlinthAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(PluginRegistry.class)
@ConditionalOnEnabledHealthIndicator("plugins")
public final class PlinthHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "pluginsHealthIndicator")
    PluginsHealthIndicator pluginsHealthIndicator(PluginRegistry registry, PlinthProperties properties,
            ObjectProvider<ClientContracts> contracts) {
        ClientContracts clients = contracts.getIfAvailable(() -> new ClientContracts(() -> registry));
        return new PluginsHealthIndicator(registry, properties.getHealth().getRequiredPlugins(), clients);
    }
}
