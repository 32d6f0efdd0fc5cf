package dev.plinth.spring.dashboard;

import dev.plinth.api.PluginRegistry;
import dev.plinth.api.deploy.PluginDeployments;
import dev.plinth.host.PluginEngine;
import dev.plinth.security.audit.AuditLog;
import dev.plinth.spring.ActivePlugins;
import dev.plinth.spring.autoconfigure.PlinthAutoConfiguration;
import dev.plinth.spring.autoconfigure.PlinthEndpointAutoConfiguration;
import dev.plinth.spring.endpoint.PluginsEndpoint;
import dev.plinth.spring.properties.PlinthProperties;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web dashboard at {@code /plinth}, when {@code plinth.dashboard.enabled} is true in a servlet
 * (Spring MVC) application with the actuator on the class path: the page, its JSON API under
 * {@code /plinth/api}, the sampler behind its charts and, with Spring Security present, a filter
 * chain that lets only authenticated users in ({@link DashboardSecurityConfiguration}). Reactive
 * applications get no dashboard.
 */
// After Boot's web security, so that its default chain (when the application has none) is decided
// before the dashboard's chain is added, and keeps guarding the rest of the application.
@AutoConfiguration(after = {PlinthAutoConfiguration.class, PlinthEndpointAutoConfiguration.class}, afterName = {
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration"})
@ConditionalOnProperty(prefix = "plinth.dashboard", name = "enabled", havingValue = "true")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet", value = Endpoint.class)
@ConditionalOnBean(PluginRegistry.class)
@EnableConfigurationProperties(DashboardProperties.class)
@Import(DashboardSecurityConfiguration.class)
public final class PlinthDashboardAutoConfiguration {
    /** Where the page's scripts and styles are, under {@code /plinth/assets/}. */
    static final String ASSETS = "classpath:/dev/plinth/spring/dashboard/static/assets/";

    @Bean
    DashboardEvents plinthDashboardEvents() {
        return new DashboardEvents();
    }

    /**
     * The actuator's {@code plugins} endpoint when the application exposes it, else one of the
     * same kind kept to the dashboard: the dashboard shows what the actuator shows.
     */
    @Bean
    DashboardSampler plinthDashboardSampler(ObjectProvider<PluginsEndpoint> endpoint, PluginRegistry registry,
            ObjectProvider<PluginDeployments> deployments, ActivePlugins activePlugins, PlinthProperties plinth,
            ObjectProvider<PluginEngine> engine, DashboardEvents events, DashboardProperties properties) {
        Optional<AuditLog> audit = Optional.ofNullable(engine.getIfUnique()).map(PluginEngine::auditLog);
        PluginsEndpoint plugins = Optional.ofNullable(endpoint.getIfUnique()).orElseGet(() -> new PluginsEndpoint(
                registry, Optional.ofNullable(deployments.getIfUnique()), activePlugins, plinth.getPlugins().getDir(),
                audit));
        return new DashboardSampler(plugins, audit, new CallHistory(properties.getSamples()), events,
                properties.isActionsEnabled(), properties.getSampleInterval());
    }

    @Bean
    DashboardController plinthDashboardController(DashboardSampler sampler, DashboardEvents events,
            DashboardProperties properties) {
        return new DashboardController(sampler.plugins(), sampler, events, properties.isActionsEnabled());
    }

    @Bean
    WebMvcConfigurer plinthDashboardAssets() {
        return new WebMvcConfigurer() {
            @Override
            public void addResourceHandlers(ResourceHandlerRegistry registry) {
                registry.addResourceHandler("/plinth/assets/**").addResourceLocations(ASSETS);
            }
        };
    }
}
