package dev.plinth.spring.hostfn;

import dev.plinth.component.HostFunction;
import dev.plinth.component.binding.JavaValues;
import dev.plinth.component.binding.Wit;
import dev.plinth.component.type.FuncType;
import dev.plinth.component.value.Value;
import dev.plinth.host.HostInterface;
import dev.plinth.spring.client.PluginClient;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Application beans that implement WIT interfaces for component plugins: a bean whose class implements a
 * generated interface tagged {@code @Wit("my:app/lookup@1.0.0")} (or whose class carries that annotation
 * itself) provides that interface, each function by its method's {@code @Wit} name, values converted by the
 * import's WIT type ({@link JavaValues}). Offering is not granting: a plugin gets it only when its manifest asks
 * for the interface ({@code host-functions = ["my:app/lookup@1.0.0"]}) and the policy grants it. The bean is
 * looked up at each call, so it may be lazy or scoped.
 */
public final class WitInterfaceBeans {
    private static final JavaValues VALUES = new JavaValues();

    private WitInterfaceBeans() {
    }

    /**
     * The WIT interfaces the beans implement, by full name.
     *
     * @throws IllegalStateException when two beans implement the same interface
     */
    public static Map<String, HostInterface> discover(ConfigurableListableBeanFactory beanFactory) {
        Map<String, HostInterface> found = new LinkedHashMap<>();
        Map<String, String> by = new LinkedHashMap<>();
        for (String beanName : beanFactory.getBeanDefinitionNames()) {
            if (ScopedProxyUtils.isScopedTarget(beanName) || skip(beanFactory.getBeanDefinition(beanName))) {
                continue;
            }
            Class<?> type = beanFactory.getType(beanName, false);
            if (type == null || Proxy.isProxyClass(type)) {
                continue; // a @PluginClient bean implements a WIT interface to call it, not to provide it
            }
            Class<?> user = ClassUtils.getUserClass(type);
            if (user.isInterface() || AnnotatedElementUtils.hasAnnotation(user, PluginClient.class)) {
                continue; // a plugin client's bean, typed by its interface
            }
            List<Class<?>> carriers = new ArrayList<>();
            if (isInterfaceName(user.getAnnotation(Wit.class))) {
                carriers.add(user);
            }
            for (Class<?> iface : ClassUtils.getAllInterfacesForClassAsSet(user)) {
                if (isInterfaceName(iface.getAnnotation(Wit.class)) && !iface.isAnnotationPresent(PluginClient.class)) {
                    carriers.add(iface);
                }
            }
            for (Class<?> carrier : carriers) {
                String name = carrier.getAnnotation(Wit.class).value();
                String previous = by.putIfAbsent(name, beanName);
                if (previous != null && !previous.equals(beanName)) {
                    throw new IllegalStateException("WIT interface " + name + " is implemented by two beans: "
                            + previous + " and " + beanName);
                }
                found.putIfAbsent(name, new BeanInterface(name, carrier, beanFactory, beanName));
            }
        }
        return found;
    }

    /** A WIT interface's full name ({@code ns:pkg/iface@v}), not a function's or a field's. */
    private static boolean isInterfaceName(Wit wit) {
        return wit != null && wit.value().contains(":") && wit.value().contains("/");
    }

    private static boolean skip(BeanDefinition definition) {
        return definition.isAbstract() || definition.getRole() == BeanDefinition.ROLE_INFRASTRUCTURE;
    }

    /** One bean's implementation of one WIT interface. */
    private record BeanInterface(String name, Class<?> carrier, ConfigurableListableBeanFactory beanFactory,
            String beanName) implements HostInterface {

        @Override
        public HostFunction function(String function, FuncType type) {
            Method method = find(function).orElse(null);
            if (method == null) {
                return null;
            }
            check(method, type);
            method.trySetAccessible();
            return args -> {
                Object[] java = new Object[args.size()];
                for (int i = 0; i < java.length; i++) {
                    java[i] = VALUES.toJava(args.get(i), method.getGenericParameterTypes()[i],
                            type.params().get(i).type());
                }
                Object result;
                try {
                    result = method.invoke(beanFactory.getBean(beanName), java);
                } catch (InvocationTargetException e) {
                    throw new IllegalStateException("bean " + beanName + "'s " + name + "#" + function + " failed: "
                            + e.getCause(), e.getCause());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (type.results().isEmpty()) {
                    return List.of();
                }
                return List.<Value>of(VALUES.toValue(result, method.getGenericReturnType(), type.results().get(0)));
            };
        }

        private Optional<Method> find(String function) {
            for (Method m : carrier.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class) {
                    continue;
                }
                Wit wit = m.getAnnotation(Wit.class);
                if (wit != null ? wit.value().equals(function) : kebab(m.getName()).equals(function)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }

        private void check(Method method, FuncType type) {
            String where = beanName + " (" + carrier.getSimpleName() + "." + method.getName() + ")";
            if (method.getParameterCount() != type.params().size()) {
                throw new IllegalArgumentException(where + " takes " + method.getParameterCount()
                        + " argument(s), the import " + type.params().size());
            }
            for (int i = 0; i < type.params().size(); i++) {
                String p = type.params().get(i).name();
                JavaValues.mismatch(method.getGenericParameterTypes()[i], type.params().get(i).type()).ifPresent(m -> {
                    throw new IllegalArgumentException(where + ", parameter " + m.replaceFirst("^value", p));
                });
            }
            boolean none = method.getReturnType() == void.class;
            if (type.results().isEmpty() != none) {
                throw new IllegalArgumentException(where + " returns " + method.getGenericReturnType().getTypeName()
                        + ", the import " + (type.results().isEmpty() ? "nothing" : type.results().get(0).wit()));
            }
            if (!none) {
                JavaValues.mismatch(method.getGenericReturnType(), type.results().get(0)).ifPresent(m -> {
                    throw new IllegalArgumentException(where + ", " + m.replaceFirst("^value", "result"));
                });
            }
        }
    }

    private static String kebab(String name) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c) && out.length() > 0) {
                out.append('-');
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }
}
