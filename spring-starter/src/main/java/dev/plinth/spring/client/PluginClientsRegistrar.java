package dev.plinth.spring.client;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * The registrar behind {@link EnablePluginClients}: scans the packages it names (or the annotated
 * class's own package when it names none) and registers the clients it lists.
 */
final class PluginClientsRegistrar extends ScanningRegistrar {
    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(EnablePluginClients.class.getName(), true);
        if (attributes == null) {
            return;
        }
        if (!registry.containsBeanDefinition(PluginClientScanner.EXPLICIT_MARKER)) {
            registry.registerBeanDefinition(PluginClientScanner.EXPLICIT_MARKER, new RootBeanDefinition(Object.class));
        }
        PluginClientScanner scanner = scanner(registry);
        Set<String> packages = new LinkedHashSet<>(Set.of((String[]) attributes.get("basePackages")));
        for (String className : (String[]) attributes.get("basePackageClasses")) {
            packages.add(ClassUtils.getPackageName(className));
        }
        String[] clients = (String[]) attributes.get("clients");
        if (packages.isEmpty() && clients.length == 0) {
            packages.add(ClassUtils.getPackageName(metadata.getClassName()));
        }
        scanner.scan(packages);
        for (String client : clients) {
            scanner.register(ClassUtils.resolveClassName(client, resourceLoader().getClassLoader()));
        }
    }
}
