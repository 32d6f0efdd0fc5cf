package dev.plinth.spring.client;

import dev.plinth.api.PluginRegistry;
import dev.plinth.spring.ActivePlugins;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.util.StringUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes the implementations of {@link PluginClient} interfaces: JDK dynamic proxies whose methods
 * call the plugin through the registry. The interface's method shapes are checked here, once, so
 * that a mistake fails at startup, and each client's exports are checked against the plugin's
 * versions by {@link ClientContracts}; export names and codecs are looked up on every call. A method
 * returning {@code CompletableFuture} calls on the factory's executor.
 */
public final class PluginClientFactory {
    private final PluginRegistry registry;
    private final ActivePlugins activePlugins;
    private final PayloadConverter converter;
    private final ClientContracts contracts;
    private final Executor executor;

    /**
     * @param registry where calls go
     * @param activePlugins finds the serving version, whose manifest declares the export codecs
     * @param jsonMapper encodes and decodes JSON payloads
     * @param contracts where each client's exports are recorded and checked
     * @param executor runs the calls of methods that return {@code CompletableFuture}
     */
    public PluginClientFactory(PluginRegistry registry, ActivePlugins activePlugins, JsonMapper jsonMapper,
            ClientContracts contracts, Executor executor) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.activePlugins = Objects.requireNonNull(activePlugins, "activePlugins");
        this.converter = new PayloadConverter(Objects.requireNonNull(jsonMapper, "jsonMapper"));
        this.contracts = Objects.requireNonNull(contracts, "contracts");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * A factory whose clients' exports are checked against {@code registry} and whose asynchronous
     * calls each run on a thread of their own.
     */
    public PluginClientFactory(PluginRegistry registry, ActivePlugins activePlugins, JsonMapper jsonMapper) {
        this(registry, activePlugins, jsonMapper, new ClientContracts(() -> registry), ownThread());
    }

    /** An executor that runs each task on a new daemon thread: the plugin's pool bounds how many call at once. */
    public static Executor ownThread() {
        return task -> {
            Thread thread = new Thread(task, "plinth-client-call");
            thread.setDaemon(true);
            thread.start();
        };
    }

    /**
     * Makes a client for an interface annotated with {@link PluginClient}.
     *
     * @throws IllegalArgumentException when the interface or one of its methods cannot be a client
     */
    public <T> T create(Class<T> clientInterface) {
        String plugin = requireClientInterface(clientInterface);
        if (ComponentMethod.isComponentClient(clientInterface)) {
            Map<Method, ComponentMethod> methods = new LinkedHashMap<>();
            for (Method method : clientInterface.getMethods()) {
                if (!method.isDefault() && !Modifier.isStatic(method.getModifiers())) {
                    methods.put(method, ComponentMethod.of(method));
                }
            }
            contracts.registerComponent(plugin, methods.values());
            return clientInterface.cast(Proxy.newProxyInstance(clientInterface.getClassLoader(),
                    new Class<?>[] {clientInterface},
                    new ComponentClientHandler(clientInterface, plugin, methods, registry, activePlugins, executor)));
        }
        Map<Method, ClientMethod> methods = new LinkedHashMap<>();
        for (Method method : clientInterface.getMethods()) {
            if (!method.isDefault() && !Modifier.isStatic(method.getModifiers())) {
                methods.put(method, ClientMethod.of(plugin, method));
            }
        }
        contracts.register(plugin, methods.values());
        PluginClientHandler handler = new PluginClientHandler(clientInterface, plugin, methods, registry,
                activePlugins, converter, executor);
        return clientInterface.cast(Proxy.newProxyInstance(clientInterface.getClassLoader(),
                new Class<?>[] {clientInterface}, handler));
    }

    /** Checks that {@code type} is an interface with {@link PluginClient}, and returns the plugin's name. */
    static String requireClientInterface(Class<?> type) {
        if (!type.isInterface()) {
            throw new IllegalArgumentException("@PluginClient " + type.getName() + " must be an interface");
        }
        MergedAnnotation<PluginClient> annotation = MergedAnnotations.from(type).get(PluginClient.class);
        if (!annotation.isPresent()) {
            throw new IllegalArgumentException(type.getName() + " is not annotated with @PluginClient");
        }
        String plugin = annotation.getString("plugin");
        if (!StringUtils.hasText(plugin)) {
            throw new IllegalArgumentException("@PluginClient on " + type.getName() + " must name a plugin");
        }
        return plugin;
    }
}
