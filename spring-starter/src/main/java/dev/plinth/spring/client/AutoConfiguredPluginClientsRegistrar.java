package dev.plinth.spring.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers the {@link PluginClient} interfaces found in the application's own packages (those
 * recorded by {@code @SpringBootApplication}), unless the application chose its packages with
 * {@link EnablePluginClients}. Imported by the starter's auto-configuration.
 */
public final class AutoConfiguredPluginClientsRegistrar implements ImportBeanDefinitionRegistrar, BeanFactoryAware,
        EnvironmentAware, ResourceLoaderAware {
    private static final Logger LOG = LoggerFactory.getLogger(AutoConfiguredPluginClientsRegistrar.class);

    private BeanFactory beanFactory;
    private Environment environment;
    private ResourceLoader resourceLoader;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setResourceLoader(ResourceLoader resourceLoader) {
        this.resourceLoader = resourceLoader;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        if (registry.containsBeanDefinition(PluginClientScanner.EXPLICIT_MARKER)) {
            return;
        }
        if (!AutoConfigurationPackages.has(beanFactory)) {
            LOG.debug("no auto-configuration packages recorded; @PluginClient interfaces are not scanned");
            return;
        }
        new PluginClientScanner(registry, beanFactory, environment, resourceLoader)
                .scan(AutoConfigurationPackages.get(beanFactory));
    }
}
