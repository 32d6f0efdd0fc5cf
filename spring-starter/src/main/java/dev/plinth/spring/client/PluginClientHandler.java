package dev.plinth.spring.client;

import dev.plinth.api.CallRequest;
import dev.plinth.api.CallResult;
import dev.plinth.api.PluginRegistry;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.manifest.Codec;
import dev.plinth.api.manifest.ExportDeclaration;
import dev.plinth.host.PluginVersion;
import dev.plinth.spring.ActivePlugins;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The behaviour of one typed plugin bean: for each call, finds the plugin's serving version, picks
 * the export and its codecs from that version's manifest, encodes the argument, calls through the
 * registry and decodes the output. Plugin failures pass through as the plugin-api exceptions (for
 * a {@code CompletableFuture} method, the future completes with them).
 */
final class PluginClientHandler implements InvocationHandler {
    private final Class<?> clientInterface;
    private final String plugin;
    private final Map<Method, ClientMethod> methods;
    private final PluginRegistry registry;
    private final ActivePlugins activePlugins;
    private final PayloadConverter converter;
    private final Executor executor;

    PluginClientHandler(Class<?> clientInterface, String plugin, Map<Method, ClientMethod> methods,
            PluginRegistry registry, ActivePlugins activePlugins, PayloadConverter converter, Executor executor) {
        this.clientInterface = clientInterface;
        this.plugin = plugin;
        this.methods = Map.copyOf(methods);
        this.registry = registry;
        this.activePlugins = activePlugins;
        this.converter = converter;
        this.executor = executor;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return objectMethod(proxy, method, args);
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        ClientMethod call = methods.get(method);
        if (call == null) {
            throw new IllegalStateException("no plugin call behind " + method);
        }
        Object[] arguments = args == null ? new Object[0] : args;
        if (call.async()) {
            return CompletableFuture.supplyAsync(() -> invoke(call, arguments), executor);
        }
        return invoke(call, arguments);
    }

    private Object invoke(ClientMethod call, Object[] args) {
        Optional<PluginVersion> serving = activePlugins.active(plugin);
        List<String> exports = serving.map(PluginVersion::exports)
                .orElseGet(() -> registry.find(plugin).map(VersionInfo::exports).orElse(List.of()));
        String function = call.functionName(exports);
        Optional<ExportDeclaration> declared = serving.map(v -> v.manifest().exports().get(function));
        String target = plugin + "." + function;

        Codec inputCodec = call.inputCodec(declared.map(ExportDeclaration::input));
        Object payload = call.payloadIndex() < 0 ? null : args[call.payloadIndex()];
        if (call.batch().isPresent()) {
            return batch(call, (List<?>) payload, args, function, inputCodec,
                    call.outputCodec(declared.map(ExportDeclaration::output)), target);
        }
        byte[] input = call.payloadIndex() < 0 ? new byte[0] : converter.encode(payload, inputCodec, target);

        CallRequest request = CallRequest.of(plugin, function, input);
        if (call.routingKeyIndex() >= 0 && args[call.routingKeyIndex()] != null) {
            request = request.withRoutingKey(args[call.routingKeyIndex()].toString());
        }
        CallResult result = registry.call(request);
        return converter.decode(result, call.outputCodec(declared.map(ExportDeclaration::output)), call.resultType(),
                target);
    }

    /** A {@link PluginBatch} method: one request per element, through {@code callAll}, decoded in order. */
    private List<BatchItem<Object>> batch(ClientMethod call, List<?> elements, Object[] args, String function,
            Codec inputCodec, Codec outputCodec, String target) {
        if (elements == null) {
            throw new IllegalArgumentException(target + ": the batch's list of inputs is null");
        }
        String routingKey = call.routingKeyIndex() >= 0 && args[call.routingKeyIndex()] != null
                ? args[call.routingKeyIndex()].toString() : null;
        List<CallRequest> requests = new java.util.ArrayList<>(elements.size());
        for (Object element : elements) {
            CallRequest request = CallRequest.of(plugin, function, converter.encode(element, inputCodec, target));
            requests.add(routingKey == null ? request : request.withRoutingKey(routingKey));
        }
        ClientMethod.Batch batch = call.batch().orElseThrow();
        List<BatchItem<Object>> items = new java.util.ArrayList<>(requests.size());
        for (dev.plinth.api.batch.BatchResult result : registry.callAll(requests, batch.parallelism(),
                batch.deadline())) {
            items.add(result.succeeded()
                    ? new BatchItem<>(converter.decode(result.result(), outputCodec, call.resultType(), target), null)
                    : new BatchItem<>(null, result.failure().orElseThrow()));
        }
        return items;
    }

    private Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0]
                    || (args[0] != null && Proxy.isProxyClass(args[0].getClass())
                            && Proxy.getInvocationHandler(args[0]) == this);
            case "hashCode" -> System.identityHashCode(proxy);
            case "toString" -> "plugin client " + clientInterface.getName() + " for plugin " + plugin;
            default -> throw new UnsupportedOperationException(method.toString());
        };
    }
}
