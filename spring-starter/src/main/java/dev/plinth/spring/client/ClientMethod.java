package dev.plinth.spring.client;

import dev.plinth.api.batch.BatchRunner;
import dev.plinth.api.manifest.Codec;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.springframework.util.StringUtils;

/**
 * One method of a {@link PluginClient} interface, as read once at startup: which argument is the
 * payload, which one the routing key, and which export and codecs it asks for.
 *
 * @param plugin the plugin's name
 * @param method the interface method
 * @param function the export named by {@link PluginFunction}, empty to derive it per call
 * @param payloadIndex the index of the argument sent as input, or -1 when the input is empty
 * @param routingKeyIndex the index of the {@link RoutingKey} argument, or -1
 * @param input how the payload is encoded
 * @param output how the result is decoded
 * @param async whether the method returns a {@code CompletableFuture} of its result
 * @param resultType the type the output decodes to: the return type, or the future's type argument
 *     (for a batch, of one element's)
 * @param batch how a {@link PluginBatch} method runs its calls, empty for one call
 */
record ClientMethod(String plugin, Method method, Optional<String> function, int payloadIndex, int routingKeyIndex,
        PayloadFormat input, PayloadFormat output, boolean async, Type resultType, Optional<Batch> batch) {

    /**
     * A batch method's settings and element types.
     *
     * @param element the type of one element of the list argument
     */
    record Batch(int parallelism, java.time.Duration deadline, Class<?> element) {
    }

    static ClientMethod of(String plugin, Method method) {
        int payload = -1;
        int routingKey = -1;
        Parameter[] parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i].isAnnotationPresent(RoutingKey.class)) {
                if (routingKey >= 0) {
                    throw invalid(method, "has more than one @RoutingKey parameter");
                }
                routingKey = i;
            } else {
                if (payload >= 0) {
                    throw invalid(method, "has more than one payload parameter; a plugin export takes one input"
                            + " (pass a record or a map to send several values as JSON)");
                }
                payload = i;
            }
        }
        PluginFunction annotation = method.getAnnotation(PluginFunction.class);
        Optional<String> function = Optional.ofNullable(annotation).map(PluginFunction::value)
                .filter(StringUtils::hasText);
        PayloadFormat input = annotation == null ? PayloadFormat.DECLARED : annotation.input();
        PayloadFormat output = annotation == null ? PayloadFormat.DECLARED : annotation.output();
        boolean async = method.getReturnType() == CompletableFuture.class;
        Type resultType = async ? futureValueType(method) : method.getGenericReturnType();
        PluginBatch batchAnnotation = method.getAnnotation(PluginBatch.class);
        Optional<Batch> batch = Optional.empty();
        if (batchAnnotation != null) {
            if (async || payload < 0) {
                throw invalid(method, "is a @PluginBatch: it takes a List of inputs and returns List<BatchItem<R>>");
            }
            batch = Optional.of(batch(method, batchAnnotation, method.getGenericParameterTypes()[payload]));
            resultType = typeArgument(typeArgument(method.getGenericReturnType(), List.class, method), BatchItem.class,
                    method);
        }
        return new ClientMethod(plugin, method, function, payload, routingKey, input, output, async, resultType,
                batch);
    }

    private static Batch batch(Method method, PluginBatch annotation, Type payload) {
        if (annotation.parallelism() < 1 || annotation.parallelism() > BatchRunner.MAX_PARALLELISM) {
            throw invalid(method, "asks for a batch parallelism of " + annotation.parallelism() + "; use 1 to "
                    + BatchRunner.MAX_PARALLELISM);
        }
        java.time.Duration deadline;
        try {
            deadline = java.time.Duration.parse(annotation.deadline());
        } catch (java.time.format.DateTimeParseException e) {
            throw invalid(method, "has a batch deadline \"" + annotation.deadline() + "\" that is not a duration"
                    + " such as PT30S");
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw invalid(method, "has a batch deadline that is not positive: " + annotation.deadline());
        }
        Type element = typeArgument(payload, List.class, method);
        Class<?> elementClass = element instanceof Class<?> type ? type
                : element instanceof ParameterizedType parameterized ? (Class<?>) parameterized.getRawType()
                : Object.class;
        return new Batch(annotation.parallelism(), deadline, elementClass);
    }

    /** The type argument of {@code type}, which must be {@code raw<X>} with a concrete X. */
    private static Type typeArgument(Type type, Class<?> raw, Method method) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == raw
                && !(parameterized.getActualTypeArguments()[0] instanceof WildcardType)
                && !(parameterized.getActualTypeArguments()[0] instanceof TypeVariable<?>)) {
            return parameterized.getActualTypeArguments()[0];
        }
        throw invalid(method, "is a @PluginBatch: it takes a List<T> and returns List<BatchItem<R>> with concrete"
                + " T and R; found " + type.getTypeName() + " where a " + raw.getSimpleName() + "<...> belongs");
    }

    private static Type futureValueType(Method method) {
        if (method.getGenericReturnType() instanceof ParameterizedType future
                && !(future.getActualTypeArguments()[0] instanceof WildcardType)
                && !(future.getActualTypeArguments()[0] instanceof TypeVariable<?>)) {
            return future.getActualTypeArguments()[0];
        }
        throw invalid(method, "returns a CompletableFuture without a concrete type argument; say what it"
                + " completes with, such as CompletableFuture<String>");
    }

    private static IllegalArgumentException invalid(Method method, String problem) {
        return new IllegalArgumentException("@PluginClient method " + method.getDeclaringClass().getName() + "."
                + method.getName() + " " + problem);
    }

    /**
     * The export to call: the one named by {@link PluginFunction}; else the method's name if the
     * plugin exports it; else its snake_case form if the plugin exports that; else the method's name
     * (and the call fails with not-found, naming what the plugin exports).
     */
    String functionName(Collection<String> exports) {
        if (function.isPresent()) {
            return function.get();
        }
        String name = method.getName();
        if (exports.contains(name)) {
            return name;
        }
        String snake = snakeCase(name);
        return exports.contains(snake) ? snake : name;
    }

    /**
     * Whether a version exporting {@code exports} has the export this method calls: the one named by
     * {@link PluginFunction}, or else the method's name or its snake_case form.
     */
    boolean isExportedBy(Collection<String> exports) {
        return exports.contains(functionName(exports));
    }

    /** The export names this method would call, for a report: the named one, or both derived forms. */
    String wantedExports() {
        if (function.isPresent()) {
            return "\"" + function.get() + "\"";
        }
        String name = method.getName();
        String snake = snakeCase(name);
        return snake.equals(name) ? "\"" + name + "\"" : "\"" + name + "\" or \"" + snake + "\"";
    }

    /** {@code TextClient.countVowels}: the method as a report names it. */
    String describe() {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }

    /** The input codec: forced by the annotation, else declared, else from the parameter's type. */
    Codec inputCodec(Optional<Codec> declared) {
        return input.forced().or(() -> declared).orElseGet(() -> PayloadConverter.codecOf(payloadType()));
    }

    /** The output codec: forced by the annotation, else declared, else from the return type. */
    Codec outputCodec(Optional<Codec> declared) {
        return output.forced().or(() -> declared).orElseGet(() -> PayloadConverter.codecOf(resultClass()));
    }

    private Class<?> payloadType() {
        if (batch.isPresent()) {
            return batch.get().element();
        }
        return payloadIndex < 0 ? byte[].class : method.getParameterTypes()[payloadIndex];
    }

    private Class<?> resultClass() {
        if (resultType instanceof Class<?> type) {
            return type;
        }
        return resultType instanceof ParameterizedType parameterized ? (Class<?>) parameterized.getRawType()
                : Object.class;
    }

    /** {@code countVowels} becomes {@code count_vowels}; {@code parseHTTPLine} becomes {@code parse_http_line}. */
    static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean afterLower = i > 0 && !Character.isUpperCase(name.charAt(i - 1));
                boolean beforeLower = i > 0 && i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1))
                        && Character.isUpperCase(name.charAt(i - 1));
                if (afterLower || beforeLower) {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
