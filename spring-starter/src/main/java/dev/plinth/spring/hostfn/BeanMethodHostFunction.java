package dev.plinth.spring.hostfn;

import dev.plinth.api.host.HostCallContext;
import dev.plinth.api.host.HostFunction;
import dev.plinth.api.host.HostFunctionName;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.ReflectionUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link PluginHostFunction} method offered as a {@link HostFunction}: one block in, one block
 * out. The bean is looked up on the first call, so building the engine creates no application bean.
 */
final class BeanMethodHostFunction implements HostFunction {
    private final HostFunctionName id;
    private final BeanFactory beanFactory;
    private final String beanName;
    private final Method method;
    private final int payloadIndex;
    private final int contextIndex;
    private final Supplier<JsonMapper> jsonMapper;

    private BeanMethodHostFunction(HostFunctionName id, BeanFactory beanFactory, String beanName, Method method,
            int payloadIndex, int contextIndex, Supplier<JsonMapper> jsonMapper) {
        this.id = id;
        this.beanFactory = beanFactory;
        this.beanName = beanName;
        this.method = method;
        this.payloadIndex = payloadIndex;
        this.contextIndex = contextIndex;
        this.jsonMapper = jsonMapper;
    }

    static BeanMethodHostFunction of(String name, BeanFactory beanFactory, String beanName, Method method,
            Supplier<JsonMapper> jsonMapper) {
        return of(HostFunctionName.DEFAULT_NAMESPACE, name, beanFactory, beanName, method, jsonMapper);
    }

    static BeanMethodHostFunction of(String namespace, String name, BeanFactory beanFactory, String beanName,
            Method method, Supplier<JsonMapper> jsonMapper) {
        if (name.isBlank()) {
            throw invalid(method, "must name the function");
        }
        HostFunctionName id;
        try {
            id = HostFunctionName.of(namespace, name);
        } catch (IllegalArgumentException e) {
            throw invalid(method, "names no valid host function: " + e.getMessage());
        }
        int payload = -1;
        int context = -1;
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            if (types[i] == HostCallContext.class) {
                context = i;
            } else if (payload < 0) {
                payload = i;
            } else {
                throw invalid(method, "takes more than one payload parameter; a host function gets one block");
            }
        }
        ReflectionUtils.makeAccessible(method);
        return new BeanMethodHostFunction(id, beanFactory, beanName, method, payload, context, jsonMapper);
    }

    private static IllegalStateException invalid(Method method, String problem) {
        return new IllegalStateException("@PluginHostFunction " + method.getDeclaringClass().getName() + "."
                + method.getName() + " " + problem);
    }

    @Override
    public String namespace() {
        return id.namespace();
    }

    @Override
    public String name() {
        return id.name();
    }

    /** Where plugins find it, as manifests write it. */
    HostFunctionName id() {
        return id;
    }

    @Override
    public byte[] invoke(HostCallContext context, List<byte[]> arguments) {
        Object bean = beanFactory.getBean(beanName);
        Method target = AopUtils.selectInvocableMethod(method, bean.getClass());
        Object[] args = new Object[method.getParameterCount()];
        if (contextIndex >= 0) {
            args[contextIndex] = context;
        }
        if (payloadIndex >= 0) {
            args[payloadIndex] = read(arguments.isEmpty() ? new byte[0] : arguments.get(0));
        }
        try {
            return write(target.invoke(bean, args));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("host function " + id + " failed: " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("host function " + id + " cannot be called: " + e.getMessage(), e);
        }
    }

    private Object read(byte[] block) {
        Class<?> type = method.getParameterTypes()[payloadIndex];
        if (type == byte[].class) {
            return block;
        }
        if (type == String.class || type == CharSequence.class) {
            return new String(block, StandardCharsets.UTF_8);
        }
        if (block.length == 0) {
            return null;
        }
        Type generic = method.getGenericParameterTypes()[payloadIndex];
        JsonMapper mapper = jsonMapper.get();
        return mapper.readValue(block, mapper.constructType(generic));
    }

    private byte[] write(Object result) {
        Object value = result instanceof Optional<?> optional ? optional.orElse(null) : result;
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof CharSequence text) {
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }
        return jsonMapper.get().writeValueAsBytes(value);
    }

    @Override
    public String toString() {
        return "bean " + beanName + " method " + method.getName();
    }
}
