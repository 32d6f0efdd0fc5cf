package dev.plinth.spring.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers the {@link PluginClient} interfaces found in the application's own packages (those
 * recorded by {@code @SpringBootApplication}), unless the application chose its packages with
 * {@link EnablePluginClients}. Imported by the starter's auto-configuration.
 */
public final class AutoConfiguredPluginClientsRegistrar extends ScanningRegistrar {
    private static final Logger LOG = LoggerFactory.getLogger(AutoConfiguredPluginClientsRegistrar.class);

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        if (registry.containsBeanDefinition(PluginClientScanner.EXPLICIT_MARKER)) {
            return;
        }
        if (!AutoConfigurationPackages.has(beanFactory())) {
            LOG.debug("no auto-configuration packages recorded; @PluginClient interfaces are not scanned");
            return;
        }
        scanner(registry).scan(AutoConfigurationPackages.get(beanFactory()));
    }
}
