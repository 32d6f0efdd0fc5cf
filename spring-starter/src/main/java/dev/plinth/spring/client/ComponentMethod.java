package dev.plinth.spring.client;

import dev.plinth.component.binding.JavaValues;
import dev.plinth.component.binding.Result;
import dev.plinth.component.binding.Wit;
import dev.plinth.component.type.FuncType;
import dev.plinth.component.type.ValueType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One method of a {@link PluginClient} interface that calls a WebAssembly component's export through the typed
 * call API, read once at startup from its {@link Wit} names: a method of a generated interface
 * {@code @Wit("plinth:plugin/processing@0.1.0")} tagged {@code @Wit("process")} calls the export
 * {@code plinth:plugin/processing@0.1.0#process} (or a world's own function {@code process}).
 *
 * @param method the interface method
 * @param candidates the export names it may call, the first the component exports wins
 * @param parameters the indexes of the arguments passed to the export, in order
 * @param routingKeyIndex the index of the {@link RoutingKey} argument, or -1
 * @param async whether it returns a {@code CompletableFuture}
 * @param resultType what it returns (the future's type argument when async)
 */
record ComponentMethod(Method method, List<String> candidates, List<Integer> parameters, int routingKeyIndex,
        boolean async, Type resultType) {

    /** Whether {@code type} is a client of a component: one of its methods or their interfaces carries {@link Wit}. */
    static boolean isComponentClient(Class<?> type) {
        if (type.isAnnotationPresent(Wit.class)) {
            return true;
        }
        for (Method m : type.getMethods()) {
            if (m.isAnnotationPresent(Wit.class) || m.getDeclaringClass().isAnnotationPresent(Wit.class)) {
                return true;
            }
        }
        return false;
    }

    static ComponentMethod of(Method method) {
        Wit fn = method.getAnnotation(Wit.class);
        PluginFunction named = method.getAnnotation(PluginFunction.class);
        String function = named != null && !named.value().isBlank() ? named.value()
                : fn != null ? fn.value() : kebab(method.getName());
        if (function.startsWith("[")) {
            throw new IllegalArgumentException("@PluginClient method " + method.getDeclaringClass().getSimpleName() + "."
                    + method.getName() + " is the resource function " + function + ": a plugin client cannot hold a"
                    + " resource (each call may run on another instance of the plugin's pool, where its handle does"
                    + " not exist)");
        }
        List<String> candidates = new ArrayList<>();
        Wit iface = method.getDeclaringClass().getAnnotation(Wit.class);
        if (iface != null && !function.contains("#")) {
            candidates.add(iface.value() + "#" + function);
        }
        candidates.add(function);
        List<Integer> parameters = new ArrayList<>();
        int routingKey = -1;
        for (int i = 0; i < method.getParameterCount(); i++) {
            if (method.getParameters()[i].isAnnotationPresent(RoutingKey.class)) {
                routingKey = i;
            } else {
                parameters.add(i);
            }
        }
        boolean async = method.getReturnType() == CompletableFuture.class;
        Type result = async && method.getGenericReturnType() instanceof ParameterizedType p
                ? p.getActualTypeArguments()[0] : method.getGenericReturnType();
        return new ComponentMethod(method, List.copyOf(candidates), List.copyOf(parameters), routingKey, async, result);
    }

    /** The export this method calls among {@code functions}, empty when there is none. */
    Optional<String> export(Map<String, FuncType> functions) {
        return candidates.stream().filter(functions::containsKey).findFirst();
    }

    /**
     * Whether an export's {@code result<T, E>} is unwrapped: the method returns {@code T} (or nothing), an
     * {@code err} is a {@code PluginFailureException}.
     */
    boolean unwraps(FuncType type) {
        return type.results().size() == 1 && type.results().get(0) instanceof ValueType.ResultType
                && raw(resultType) != Result.class;
    }

    /** How this method's Java signature differs from the export's type, empty when it fits. */
    Optional<String> mismatch(FuncType type) {
        if (type.params().size() != parameters.size()) {
            return Optional.of("takes " + parameters.size() + " argument(s), the export " + type.params().size()
                    + " (" + type.wit() + ")");
        }
        for (int i = 0; i < parameters.size(); i++) {
            ValueType.Field param = type.params().get(i);
            Optional<String> m = JavaValues.mismatch(method.getGenericParameterTypes()[parameters.get(i)], param.type());
            if (m.isPresent()) {
                return Optional.of("parameter " + param.name() + ": " + m.get().replaceFirst("^value", param.name()));
            }
        }
        boolean none = resultType == void.class || resultType == Void.class;
        if (type.results().isEmpty()) {
            return none ? Optional.empty() : Optional.of("returns " + resultType.getTypeName()
                    + ", the export nothing (" + type.wit() + ")");
        }
        if (type.results().size() > 1) {
            return Optional.of("the export returns " + type.results().size() + " values; a method returns one");
        }
        ValueType result = type.results().get(0);
        if (unwraps(type)) {
            Optional<ValueType> ok = ((ValueType.ResultType) result).ok();
            if (ok.isEmpty()) {
                return none ? Optional.empty() : Optional.of("returns " + resultType.getTypeName()
                        + ", the export's ok side nothing (" + result.wit() + ")");
            }
            result = ok.get();
        } else if (none) {
            return Optional.of("returns nothing, the export " + result.wit());
        }
        return JavaValues.mismatch(resultType, result).map(m -> "result: " + m.replaceFirst("^value", "result"));
    }

    /** Where the method is, for messages. */
    String describe() {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }

    private static Class<?> raw(Type type) {
        return type instanceof Class<?> c ? c : type instanceof ParameterizedType p ? (Class<?>) p.getRawType()
                : Object.class;
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
