package dev.plinth.spring.hostfn;

import dev.plinth.api.host.HostFunction;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds the {@link PluginHostFunction} methods of an application's beans from their bean
 * definitions, without creating any bean: the engine is built before the application's beans, and
 * a bean with a host function may well depend on plugins itself. Each function creates (or finds)
 * its bean on its first call.
 */
public final class HostFunctionMethods {
    private HostFunctionMethods() {
    }

    /**
     * The host functions declared on beans of {@code beanFactory}, sorted by namespace and name.
     *
     * @throws IllegalStateException when a method's shape is wrong or two methods claim one name
     */
    public static List<HostFunction> discover(ConfigurableListableBeanFactory beanFactory,
            Supplier<JsonMapper> jsonMapper) {
        List<BeanMethodHostFunction> found = new ArrayList<>();
        for (String beanName : beanFactory.getBeanDefinitionNames()) {
            if (ScopedProxyUtils.isScopedTarget(beanName) || skip(beanFactory.getBeanDefinition(beanName))) {
                continue;
            }
            Class<?> type = beanFactory.getType(beanName, false);
            if (type == null || !AnnotationUtils.isCandidateClass(type, PluginHostFunction.class)) {
                continue;
            }
            Map<Method, PluginHostFunction> methods = MethodIntrospector.selectMethods(ClassUtils.getUserClass(type),
                    (MethodIntrospector.MetadataLookup<PluginHostFunction>) method -> AnnotatedElementUtils
                            .findMergedAnnotation(method, PluginHostFunction.class));
            methods.forEach((method, annotation) -> found.add(
                    BeanMethodHostFunction.of(annotation.namespace(), annotation.value(), beanFactory, beanName, method,
                            jsonMapper)));
        }
        found.sort(Comparator.comparing(BeanMethodHostFunction::id));
        for (int i = 1; i < found.size(); i++) {
            if (found.get(i).id().equals(found.get(i - 1).id())) {
                throw new IllegalStateException("host function \"" + found.get(i).id() + "\" is declared twice: "
                        + found.get(i - 1) + " and " + found.get(i));
            }
        }
        return List.copyOf(found);
    }

    private static boolean skip(BeanDefinition definition) {
        return definition.isAbstract() || definition.getRole() == BeanDefinition.ROLE_INFRASTRUCTURE;
    }
}
