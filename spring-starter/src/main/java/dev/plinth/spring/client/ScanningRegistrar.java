package dev.plinth.spring.client;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/** What both client registrars need from the container to scan for {@link PluginClient} interfaces. */
abstract class ScanningRegistrar implements ImportBeanDefinitionRegistrar, BeanFactoryAware, EnvironmentAware,
        ResourceLoaderAware {
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

    BeanFactory beanFactory() {
        return beanFactory;
    }

    ResourceLoader resourceLoader() {
        return resourceLoader;
    }

    PluginClientScanner scanner(BeanDefinitionRegistry registry) {
        return new PluginClientScanner(registry, beanFactory, environment, resourceLoader);
    }
}
