package dev.plinth.spring.client;

import dev.plinth.api.PluginRegistry;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.component.binding.JavaValues;
import dev.plinth.component.json.ValueJson;
import dev.plinth.component.type.FuncType;
import dev.plinth.component.type.ValueType;
import dev.plinth.component.value.Value;
import dev.plinth.host.ComponentCalls;
import dev.plinth.host.PluginVersion;
import dev.plinth.spring.ActivePlugins;
import dev.plinth.spring.lifecycle.GatedPluginRegistry;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The behaviour of a typed plugin bean of a WebAssembly component: each call takes the export's type from the
 * serving version, converts the arguments to {@link Value}s ({@link JavaValues}), calls through the registry's
 * typed calls (routed and gated like byte calls) and converts the result back. An export's
 * {@code result<T, E>} is the generated {@code Result} when the method returns one; when it returns {@code T},
 * an {@code err} is a {@link PluginFailureException} whose plugin message is the error (a string as it is, other
 * types as JSON).
 */
final class ComponentClientHandler implements InvocationHandler {
    private static final JavaValues VALUES = new JavaValues();
    private final Class<?> clientInterface;
    private final String plugin;
    private final Map<Method, ComponentMethod> methods;
    private final PluginRegistry registry;
    private final ActivePlugins activePlugins;
    private final Executor executor;

    ComponentClientHandler(Class<?> clientInterface, String plugin, Map<Method, ComponentMethod> methods,
            PluginRegistry registry, ActivePlugins activePlugins, Executor executor) {
        this.clientInterface = clientInterface;
        this.plugin = plugin;
        this.methods = Map.copyOf(methods);
        this.registry = registry;
        this.activePlugins = activePlugins;
        this.executor = executor;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString" -> "plugin client " + clientInterface.getName() + " for component plugin " + plugin;
                default -> throw new UnsupportedOperationException(method.toString());
            };
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        ComponentMethod call = methods.get(method);
        if (call == null) {
            throw new IllegalStateException("no plugin call behind " + method);
        }
        Object[] arguments = args == null ? new Object[0] : args;
        if (call.async()) {
            return CompletableFuture.supplyAsync(() -> invoke(call, arguments), executor);
        }
        return invoke(call, arguments);
    }

    private Object invoke(ComponentMethod call, Object[] args) {
        Map<String, FuncType> functions = activePlugins.active(plugin).flatMap(PluginVersion::component)
                .map(ComponentCalls::functions)
                .orElseThrow(() -> new PluginNotFoundException("plugin " + plugin + " has no component version"
                        + " serving (" + call.describe() + ")"));
        String function = call.export(functions).orElseThrow(() -> new PluginNotFoundException("plugin " + plugin
                + " exports none of " + call.candidates() + " (" + call.describe() + "); it exports "
                + functions.keySet()));
        FuncType type = functions.get(function);
        Optional<String> mismatch = call.mismatch(type);
        if (mismatch.isPresent()) {
            throw new PluginNotFoundException(call.describe() + " does not fit " + plugin + "'s " + function + " "
                    + type.wit() + ": " + mismatch.get());
        }
        List<Value> values = new ArrayList<>(call.parameters().size());
        for (int i = 0; i < call.parameters().size(); i++) {
            int index = call.parameters().get(i);
            ValueType.Field param = type.params().get(i);
            values.add(VALUES.toValue(args[index], call.method().getGenericParameterTypes()[index], param.type()));
        }
        Optional<String> routingKey = call.routingKeyIndex() >= 0 && args[call.routingKeyIndex()] != null
                ? Optional.of(args[call.routingKeyIndex()].toString()) : Optional.empty();
        List<Value> results = GatedPluginRegistry.componentOf(registry, activePlugins, plugin, routingKey)
                .call(function, values);
        if (type.results().isEmpty()) {
            return null;
        }
        Value result = results.get(0);
        ValueType resultType = type.results().get(0);
        if (call.unwraps(type)) {
            ValueType.ResultType r = (ValueType.ResultType) resultType;
            Value.Result outcome = (Value.Result) result;
            if (!outcome.ok()) {
                String message = outcome.payload().map(e -> e instanceof Value.Str s ? s.value()
                        : ValueJson.toJsonString(e, r.error().orElseThrow())).orElse("err");
                throw new PluginFailureException(plugin, function, 1, message);
            }
            if (r.ok().isEmpty()) {
                return null;
            }
            return VALUES.toJava(outcome.payload().orElseThrow(), call.resultType(), r.ok().get());
        }
        return VALUES.toJava(result, call.resultType(), resultType);
    }
}
