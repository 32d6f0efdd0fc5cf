package dev.plinth.spring.client;

import dev.plinth.api.PluginRegistry;
import dev.plinth.spring.ActivePlugins;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.util.StringUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes the implementations of {@link PluginClient} interfaces: JDK dynamic proxies whose methods
 * call the plugin through the registry. The interface's method shapes are checked here, once, so
 * that a mistake fails at startup; export names and codecs are looked up on every call.
 */
public final class PluginClientFactory {
    private final PluginRegistry registry;
    private final ActivePlugins activePlugins;
    private final PayloadConverter converter;

    /**
     * @param registry where calls go
     * @param activePlugins finds the serving version, whose manifest declares the export codecs
     * @param jsonMapper encodes and decodes JSON payloads
     */
    public PluginClientFactory(PluginRegistry registry, ActivePlugins activePlugins, JsonMapper jsonMapper) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.activePlugins = Objects.requireNonNull(activePlugins, "activePlugins");
        this.converter = new PayloadConverter(Objects.requireNonNull(jsonMapper, "jsonMapper"));
    }

    /**
     * Makes a client for an interface annotated with {@link PluginClient}.
     *
     * @throws IllegalArgumentException when the interface or one of its methods cannot be a client
     */
    public <T> T create(Class<T> clientInterface) {
        String plugin = requireClientInterface(clientInterface);
        Map<Method, ClientMethod> methods = new LinkedHashMap<>();
        for (Method method : clientInterface.getMethods()) {
            if (!method.isDefault() && !Modifier.isStatic(method.getModifiers())) {
                methods.put(method, ClientMethod.of(plugin, method));
            }
        }
        PluginClientHandler handler = new PluginClientHandler(clientInterface, plugin, methods, registry,
                activePlugins, converter);
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
