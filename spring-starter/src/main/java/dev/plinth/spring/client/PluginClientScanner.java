package dev.plinth.spring.client;

import java.beans.Introspector;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Finds {@link PluginClient} interfaces in packages and registers one bean definition for each,
 * whose instance the {@link PluginClientFactory} bean makes when the bean is first needed.
 */
final class PluginClientScanner {
    /** Registered by {@link EnablePluginClients}, so that the scan of the application's packages backs off. */
    static final String EXPLICIT_MARKER = "dev.plinth.spring.client.explicitPluginClients";

    private final BeanDefinitionRegistry registry;
    private final BeanFactory beanFactory;
    private final Environment environment;
    private final ResourceLoader resourceLoader;

    PluginClientScanner(BeanDefinitionRegistry registry, BeanFactory beanFactory, Environment environment,
            ResourceLoader resourceLoader) {
        this.registry = registry;
        this.beanFactory = beanFactory;
        this.environment = environment;
        this.resourceLoader = resourceLoader;
    }

    /** Registers every {@link PluginClient} interface found in {@code packages} and below. */
    void scan(Collection<String> packages) {
        ClassPathScanningCandidateComponentProvider provider = new ClassPathScanningCandidateComponentProvider(false,
                environment) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                return definition.getMetadata().isInterface() && definition.getMetadata().isIndependent();
            }
        };
        provider.setResourceLoader(resourceLoader);
        provider.addIncludeFilter(new AnnotationTypeFilter(PluginClient.class, true, false));
        Set<String> found = new LinkedHashSet<>();
        for (String basePackage : packages) {
            for (BeanDefinition candidate : provider.findCandidateComponents(basePackage)) {
                found.add(candidate.getBeanClassName());
            }
        }
        ClassLoader classLoader = resourceLoader.getClassLoader();
        for (String className : found) {
            register(ClassUtils.resolveClassName(className, classLoader));
        }
    }

    /** Registers one interface, unless it is registered already. */
    void register(Class<?> clientInterface) {
        PluginClientFactory.requireClientInterface(clientInterface);
        String name = Introspector.decapitalize(clientInterface.getSimpleName());
        if (registry.containsBeanDefinition(name)) {
            if (clientInterface.getName().equals(registry.getBeanDefinition(name).getBeanClassName())) {
                return;
            }
            name = clientInterface.getName();
            if (registry.containsBeanDefinition(name)) {
                return;
            }
        }
        registry.registerBeanDefinition(name, definitionOf(clientInterface));
    }

    private <T> RootBeanDefinition definitionOf(Class<T> clientInterface) {
        RootBeanDefinition definition = new RootBeanDefinition(clientInterface);
        definition.setInstanceSupplier(() -> beanFactory.getBean(PluginClientFactory.class).create(clientInterface));
        definition.setLazyInit(false);
        return definition;
    }
}
