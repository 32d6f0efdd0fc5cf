package dev.plinth.spring.autoconfigure;

import dev.plinth.api.PluginRegistry;
import dev.plinth.spring.ActivePlugins;
import dev.plinth.spring.metrics.CallTimerBuckets;
import dev.plinth.spring.metrics.PluginMetrics;
import dev.plinth.spring.properties.PlinthProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Plinth's Micrometer meters ({@link PluginMetrics}), when the application has a
 * {@link MeterRegistry} (for example through spring-boot-starter-actuator).
 */
@AutoConfiguration(after = PlinthAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({MeterRegistry.class, PluginRegistry.class})
public final class PlinthMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PluginMetrics plinthPluginMetrics(MeterRegistry meterRegistry, ObjectProvider<ActivePlugins> activePlugins,
            ObjectProvider<PlinthProperties> properties) {
        CallTimerBuckets buckets = properties.stream().findFirst().map(p -> p.getMetrics().toBuckets())
                .orElse(CallTimerBuckets.NONE);
        return new PluginMetrics(meterRegistry, activePlugins::getObject, buckets);
    }

    /** Registers the per-plugin gauges of the plugins loaded at startup, once every bean exists. */
    @Bean
    SmartInitializingSingleton plinthPluginMetricsInitializer(PluginMetrics plinthPluginMetrics,
            ObjectProvider<PluginRegistry> registry) {
        return () -> plinthPluginMetrics.instrumentAll(registry.getObject().list());
    }
}
