package dev.plinth.spring.autoconfigure;

import dev.plinth.api.PluginRegistry;
import dev.plinth.api.deploy.PluginDeployments;
import dev.plinth.host.PluginEngine;
import dev.plinth.spring.ActivePlugins;
import dev.plinth.spring.endpoint.PluginsEndpoint;
import dev.plinth.spring.properties.PlinthProperties;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code plugins} actuator endpoint, which shows the call statistics each loaded version keeps;
 * only when the actuator is present and the endpoint is available (exposed and not disabled).
 */
@AutoConfiguration(after = PlinthAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(PluginRegistry.class)
@ConditionalOnAvailableEndpoint(PluginsEndpoint.class)
public final class PlinthEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PluginsEndpoint pluginsEndpoint(PluginRegistry registry, ObjectProvider<PluginDeployments> deployments,
            ActivePlugins activePlugins, PlinthProperties properties, ObjectProvider<PluginEngine> engine) {
        return new PluginsEndpoint(registry, Optional.ofNullable(deployments.getIfUnique()), activePlugins,
                properties.getPlugins().getDir(), Optional.ofNullable(engine.getIfUnique()).map(PluginEngine::auditLog));
    }
}
