package dev.plinth.spring.hostfn;

import dev.plinth.component.HostFunction;
import dev.plinth.component.HostResource;
import dev.plinth.component.HostResourceTable;
import dev.plinth.component.binding.Resource;
import dev.plinth.component.type.ResourceType;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Application beans that implement WIT interfaces for component plugins: a bean whose class implements a
 * generated interface tagged {@code @Wit("my:app/lookup@1.0.0")} (or whose class carries that annotation
 * itself) provides that interface, each function by its method's {@code @Wit} name, values converted by the
 * import's WIT type ({@link JavaValues}). A world's own imports come the same way: a bean implementing the
 * generated {@code ShelfImports} ({@code @Wit("my:app/shelf@1.0.0")}) provides {@code log-line}. Resources of the
 * interface are objects the bean's constructor methods return (implementing the generated resource interface),
 * held per component instance in a {@link HostResourceTable} (at most {@link #MAX_RESOURCES} of each), the guest
 * seeing only handles; their {@code close()} runs when the guest drops one or its instance is discarded.
 * Offering is not granting: a plugin gets it only when its manifest asks
 * for the interface ({@code host-functions = ["my:app/lookup@1.0.0"]}) and the policy grants it. The bean is
 * looked up at each call, so it may be lazy or scoped.
 */
public final class WitInterfaceBeans {
    /** The most objects of one resource a component instance may hold at once. */
    public static final int MAX_RESOURCES = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(WitInterfaceBeans.class);

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

    /**
     * One bean's implementation of one WIT interface (or of a world's own imports), and, per component instance
     * ({@link #forInstance()}), the tables of the resources it hands out: a resource's constructor (a method
     * tagged {@code @Wit("[constructor]cursor")}, bindgen's {@code newCursor}) returns a Java object implementing
     * the generated resource interface; the guest gets a handle to it, its methods are called on that object,
     * and its {@code close()} runs when the guest drops the handle or the instance is discarded.
     */
    private static final class BeanInterface implements HostInterface {
        private final String name;
        private final Class<?> carrier;
        private final ConfigurableListableBeanFactory beanFactory;
        private final String beanName;
        private final Map<String, HostResourceTable<Object>> tables = new HashMap<>();
        private final JavaValues values = new JavaValues(new TableHandles());

        BeanInterface(String name, Class<?> carrier, ConfigurableListableBeanFactory beanFactory, String beanName) {
            this.name = name;
            this.carrier = carrier;
            this.beanFactory = beanFactory;
            this.beanName = beanName;
        }

        @Override
        public HostInterface forInstance() {
            return new BeanInterface(name, carrier, beanFactory, beanName);
        }

        @Override
        public HostResource resource(String resource) {
            return resourceInterface(resource).isPresent() ? table(resource) : null;
        }

        @Override
        public void close() {
            List<HostResourceTable<Object>> all;
            synchronized (tables) {
                all = List.copyOf(tables.values());
            }
            all.forEach(HostResourceTable::dropAll);
        }

        private HostResourceTable<Object> table(String resource) {
            synchronized (tables) {
                return tables.computeIfAbsent(resource, r -> new HostResourceTable<>(r, MAX_RESOURCES,
                        object -> closeDropped(r, object)));
            }
        }

        private void closeDropped(String resource, Object object) {
            if (object instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn("bean {}'s {} {} failed to close: {}", beanName, name, resource, e.toString());
                }
            }
        }

        @Override
        public HostFunction function(String function, FuncType type) {
            if (function.startsWith("[method]")) {
                return method(function, type);
            }
            Method method = find(carrier, function).orElse(null);
            if (method == null) {
                return null;
            }
            check(method, type, 0);
            method.trySetAccessible();
            return args -> convert(method, type, 0, invoke(method, beanFactory.getBean(beanName), args, type, 0,
                    function));
        }

        /** {@code [method]cursor.next}: called on the object behind the handle the guest passed as {@code self}. */
        private HostFunction method(String function, FuncType type) {
            int dot = function.indexOf('.');
            if (dot < 0 || type.params().isEmpty()) {
                return null;
            }
            String resource = function.substring("[method]".length(), dot);
            Class<?> iface = resourceInterface(resource).orElse(null);
            Method method = iface == null ? null : find(iface, function).or(() -> find(iface, function.substring(dot + 1)))
                    .orElse(null);
            if (method == null) {
                return null;
            }
            check(method, type, 1);
            method.trySetAccessible();
            return args -> {
                Object self = table(resource).get(args.get(0));
                if (!iface.isInstance(self)) {
                    throw new IllegalStateException("bean " + beanName + " made a " + resource + " of "
                            + self.getClass().getName() + ", which does not implement " + iface.getName());
                }
                return convert(method, type, 1, invoke(method, self, args, type, 1, function));
            };
        }

        private Object invoke(Method method, Object target, List<Value> args, FuncType type, int from,
                String function) {
            Object[] java = new Object[args.size() - from];
            for (int i = 0; i < java.length; i++) {
                java[i] = values.toJava(args.get(i + from), method.getGenericParameterTypes()[i],
                        type.params().get(i + from).type());
            }
            try {
                return method.invoke(target, java);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("bean " + beanName + "'s " + name + "#" + function + " failed: "
                        + e.getCause(), e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        private List<Value> convert(Method method, FuncType type, int from, Object result) {
            if (type.results().isEmpty()) {
                return List.of();
            }
            return List.<Value>of(values.toValue(result, method.getGenericReturnType(), type.results().get(0)));
        }

        /** The generated resource interface nested in the carrier, tagged {@code @Wit("cursor")}. */
        private Optional<Class<?>> resourceInterface(String resource) {
            for (Class<?> nested : carrier.getClasses()) {
                Wit wit = nested.getAnnotation(Wit.class);
                if (nested.isInterface() && Resource.class.isAssignableFrom(nested) && wit != null
                        && wit.value().equals(resource)) {
                    return Optional.of(nested);
                }
            }
            return Optional.empty();
        }

        private static Optional<Method> find(Class<?> type, String function) {
            for (Method m : type.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class
                        || (m.getName().equals("close") && m.getParameterCount() == 0)) {
                    continue;
                }
                Wit wit = m.getAnnotation(Wit.class);
                if (wit != null ? wit.value().equals(function) : kebab(m.getName()).equals(function)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }

        /** @param from the import's parameters the method does not take ({@code self} of a resource method) */
        private void check(Method method, FuncType type, int from) {
            String where = beanName + " (" + method.getDeclaringClass().getSimpleName() + "." + method.getName() + ")";
            int params = type.params().size() - from;
            if (method.getParameterCount() != params) {
                throw new IllegalArgumentException(where + " takes " + method.getParameterCount()
                        + " argument(s), the import " + params);
            }
            for (int i = 0; i < params; i++) {
                String p = type.params().get(i + from).name();
                JavaValues.mismatch(method.getGenericParameterTypes()[i], type.params().get(i + from).type())
                        .ifPresent(m -> {
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

        /** Java objects of the bean's resources to the guest's handles and back, through this instance's tables. */
        private final class TableHandles implements JavaValues.Handles {
            @Override
            public Value.Handle handle(Object resource, ResourceType type) {
                if (resourceInterface(type.name()).isEmpty()) {
                    throw new IllegalStateException("bean " + beanName + " returned a " + type.name() + ", which "
                            + name + " does not define as a resource of its own");
                }
                return table(type.name()).own(resource);
            }

            @Override
            public Object resource(Value.Handle handle, Class<?> javaType, ResourceType type) {
                return table(type.name()).get(handle);
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
